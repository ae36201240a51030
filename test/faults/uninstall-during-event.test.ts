/**
 * Attack 14 of issue 19: uninstalling an app while one of its events runs killed `serve` (the run row the
 * uninstall's cascade deleted was read back, and the scheduled path did not catch it); with a manual `run`
 * the command got internal-error, the event stayed "running" for the host's life, the reinstalled app's
 * tag never fired again and the browser never idle-stopped. A store change racing an event ends that event
 * cleanly. Real Chromium, a serve host, the fixture worker's slow handler.
 */
import assert from 'node:assert/strict';
import { type TestContext, test } from 'node:test';
import type { RunRecord } from '../../app/store/records.ts';
import { startFixtureServer } from '../fixtures/pwa-server.ts';
import { startServedHost } from '../helpers/chromium-host.ts';
import { HOUR } from '../helpers/harness.ts';
import { waitFor } from '../helpers/settle.ts';

const SLOW = 'slow-4000';

/** A serve host with the news app, whose worker takes 4 s over `SLOW`; unhandled rejections are kept. */
async function servedWithSlowTask(t: TestContext) {
  const rejections: unknown[] = [];
  const onRejection = (reason: unknown) => rejections.push(reason);
  process.on('unhandledRejection', onRejection);
  t.after(() => process.off('unhandledRejection', onRejection));
  const news = await startFixtureServer('news');
  t.after(() => news.close());
  const { served } = await startServedHost(t, { browserIdleMs: 2000 });
  const install = () => served.operations.install({ url: `${news.origin}/?no-register` });
  const started = (tag: string) =>
    new Promise<RunRecord>((resolve) => {
      const stop = served.host.core.events.on('run-started', (run) => {
        if (run.tag !== tag) return;
        stop();
        resolve(run);
      });
    });
  return { served, scope: `${news.origin}/`, install, started, rejections };
}

test('an uninstall during a scheduled event ends it cleanly; the reinstalled app’s tag fires again', {
  timeout: 180_000,
}, async (t) => {
  const { served, scope, install, started, rejections } = await servedWithSlowTask(t);
  const app = await install();
  const firing = started(SLOW);
  served.host.core.register(app.id, scope, SLOW, 0); // due at once
  await firing;
  await served.operations.uninstall({ app: app.id });
  await waitFor(
    'the event to end',
    () => served.operations.status().eventsInFlight === 0 || undefined,
    30_000,
  );
  assert.deepEqual(rejections, [], 'nothing went unhandled (a serve process would have died)');
  assert.equal(served.operations.status().running, true);

  const again = await install();
  const ended = new Promise<RunRecord>((resolve) => {
    const stop = served.host.core.events.on('run-finished', (run) => {
      if (run.tag !== SLOW || run.appId !== again.id) return;
      stop();
      resolve(run);
    });
  });
  served.host.core.register(again.id, scope, SLOW, HOUR);
  await served.operations.run({ app: again.id, tag: SLOW }).catch(() => {});
  assert.equal((await ended).outcome, 'success', 'the tag of the reinstalled app fires');
  assert.deepEqual(rejections, []);
});

test('an uninstall during a manual run: the run ends with an outcome, nothing stays running, the browser idles', {
  timeout: 180_000,
}, async (t) => {
  const { served, scope, install, started, rejections } = await servedWithSlowTask(t);
  const app = await install();
  served.host.core.register(app.id, scope, SLOW, HOUR);
  const firing = started(SLOW);
  const running = served.operations.run({ app: app.id, tag: SLOW });
  await firing;
  await served.operations.uninstall({ app: app.id });
  const run = await running; // before: rejected with a TypeError, the host API's internal-error
  assert.notEqual(run.outcome, null, 'the run has an outcome');
  assert.equal(run.appName, null, 'its app is gone');
  assert.equal(served.operations.status().eventsInFlight, 0, 'nothing stays "running"');

  const again = await install();
  served.host.core.register(again.id, scope, SLOW, HOUR);
  const rerun = await served.operations.run({ app: again.id, tag: SLOW });
  assert.equal(rerun.outcome, 'success', 'not refused as already running');
  await waitFor(
    'the browser to stop for being idle',
    () => served.operations.status().browser?.status === 'stopped' || undefined,
    30_000,
  );
  assert.deepEqual(rejections, []);
});
