/**
 * A real client: the outbox fixture's worker is Workbox's own `workbox-background-sync` Queue from npm,
 * bundled with esbuild, on a real host and a real headless Chromium; its API is a real HTTP server on
 * another origin that goes down and comes back.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import type { BrowserPages } from '../../app/engine/browser-pages.ts';
import type { ChromiumEngine } from '../../app/engine-chromium/chromium-engine.ts';
import { Store } from '../../app/store/store.ts';
import { BIN, runProcess } from '../cli/helpers/run-cli.ts';
import { waitForSocket } from '../cli/helpers/wait-for-socket.ts';
import { FIXTURE_PORTS } from '../fixtures/pwa-server.ts';
import { openWithWorker } from '../helpers/chromium.ts';
import { startServedHost } from '../helpers/chromium-host.ts';
import { tempDataDir } from '../helpers/harness.ts';
import { ApiServer, startOutboxApp } from '../helpers/outbox-app.ts';
import { startServe } from '../helpers/serve-process.ts';
import { waitFor } from '../helpers/settle.ts';

const QUEUE_TAG = 'workbox-background-sync:outbox';

test('an app whose worker hands Workbox’s Queue a request while it activates installs, and the request is sent', {
  timeout: 120_000,
}, async (t) => {
  const api = new ApiServer(FIXTURE_PORTS.mail);
  await api.up();
  t.after(() => api.down());
  const app = await startOutboxApp(`${api.origin}/early`);
  t.after(() => app.close());
  const { served } = await startServedHost(t);
  // Before the host owned one-off sync, the browser's own SyncManager never settled the second register()
  // here: the activate handler waited on it, and the install failed with "did not activate within 10 s".
  const installed = await served.operations.install({ url: `${app.origin}/` });
  assert.equal(installed.name, 'Fixture Outbox');
  assert.equal((await api.waitForBody('queued while activating')).path, '/early');
  assert.equal((await api.waitForBody('queued next while activating')).path, '/early');
  const run = await waitFor('the sync’s run', () =>
    served.host.store.runs
      .list({ tag: QUEUE_TAG })
      .find((candidate) => candidate.kind === 'one-off' && candidate.outcome === 'success'),
  );
  assert.equal(run.attempt, 1);
});

test('a POST queued while the API is down reaches it after it comes back, with no window open', {
  timeout: 120_000,
}, async (t) => {
  const api = new ApiServer(FIXTURE_PORTS.mail);
  t.after(() => api.down());
  const app = await startOutboxApp();
  t.after(() => app.close());
  // Retries 1.5 s apart, enough of them that the API comes back before the last (a loaded machine may be slow).
  const { served } = await startServedHost(t, {
    oneOffRetryDelaysMs: [1500],
    oneOffMaxAttempts: 8,
    eventTimeLimitMs: 20_000,
  });
  const installed = await served.operations.install({ url: `${app.origin}/` });
  const engine = served.host.engine as ChromiumEngine & BrowserPages;

  const page = await openWithWorker(engine, `${app.origin}/`);
  assert.equal(
    await page.evaluate(`send(${JSON.stringify(`${api.origin}/messages`)}, 'hello offline')`),
    'queued',
  );
  await page.close();
  const { targetInfos } = (await engine.connection?.send<{ targetInfos: { type: string; url: string }[] }>(
    'Target.getTargets',
  )) ?? { targetInfos: [] };
  assert.deepEqual(
    targetInfos.filter((target) => target.type === 'page' && target.url.startsWith(app.origin)),
    [],
    'no window of the app is open',
  );
  await waitFor('an attempt that failed while the API was down', () =>
    served.host.store.runs
      .list({ tag: QUEUE_TAG })
      .find((run) => run.kind === 'one-off' && run.outcome === 'failed'),
  );
  assert.equal(api.received.length, 0);

  await api.up();
  const received = await api.waitForBody('hello offline');
  assert.equal(received.path, '/messages');
  const runs = await waitFor('the successful attempt', () => {
    const ended = served.host.store.runs.list({ appId: installed.id, tag: QUEUE_TAG }).reverse();
    return ended.at(-1)?.outcome === 'success' ? ended : undefined;
  });
  assert.ok(runs.length >= 2, 'at least one failed attempt before the one that reached the API');
  assert.ok(runs.every((run) => run.kind === 'one-off' && run.maxAttempts === 8));
  await waitFor('the sync to be gone', () => served.host.store.oneOffSyncs.list().length === 0);
  assert.equal(api.received.filter((entry) => entry.body === 'hello offline').length, 1, 'sent once');
});

test('a POST queued before the host stops reaches the API from `serve --run-due`, which then leaves no wake-up', {
  timeout: 180_000,
}, async (t) => {
  const api = new ApiServer(FIXTURE_PORTS.mail);
  t.after(() => api.down());
  const app = await startOutboxApp(`${api.origin}/before-quit`);
  t.after(() => app.close());
  const dataDir = tempDataDir(t);
  const cli = (...args: string[]) => runProcess(BIN, ['--data-dir', dataDir, ...args]);
  // Retries far enough apart that the sync is still pending when the host is stopped, however slowly the
  // CLI answers on a loaded machine (after its last attempt the sync would be gone: with no window open,
  // Workbox's own re-registration is refused, as Chromium refuses it).
  assert.equal((await cli('config', 'set', 'one-off-retry-delays', '20s')).exitCode, 0);
  const serve = startServe(t, dataDir);
  await waitForSocket(join(dataDir, 'control.sock'));
  const install = await cli('--json', 'install', `${app.origin}/`);
  assert.equal(install.exitCode, 0, install.stderr);
  // The API is down: the sync's first attempt fails, and the host is stopped with the sync pending.
  await waitFor(
    'a failed attempt',
    async () => {
      const runs = JSON.parse((await cli('--json', 'runs', '--tag', QUEUE_TAG)).stdout) as {
        outcome: string;
      }[];
      return runs.some((run) => run.outcome === 'failed');
    },
    30_000,
  );
  serve.child.kill('SIGTERM');
  await new Promise((resolve) => serve.child.once('exit', resolve));
  const store = Store.open(dataDir, { readonly: true });
  const pending = store.oneOffSyncs.list();
  store.close();
  assert.equal(pending.length, 1, 'still pending after the host stopped');

  const units = join(process.env.XDG_CONFIG_HOME ?? '', 'systemd', 'user');
  const timer = readdirSync(units).find(
    (file) => file.startsWith('pwa-host-wake-') && file.endsWith('.timer'),
  );
  assert.ok(timer, 'a wake-up is left for the next attempt');
  const calendar = /OnCalendar=(.+)/.exec(readFileSync(join(units, timer), 'utf8'))?.[1] ?? '';
  assert.ok(Date.parse(calendar.replace(' UTC', 'Z').replace(' ', 'T')) - Date.now() < 10 * 60_000);

  await api.up();
  await waitFor('the next attempt to come due', () => Date.now() >= (pending[0]?.nextAttemptAt ?? 0), 30_000);
  const runDue = await cli('--json', 'serve', '--run-due');
  assert.equal(runDue.exitCode, 0, runDue.stderr);
  const runs = JSON.parse(runDue.stdout) as { kind: string; tag: string; outcome: string }[];
  assert.deepEqual(
    runs.map((run) => [run.kind, run.tag, run.outcome]),
    [['one-off', QUEUE_TAG, 'success']],
  );
  assert.equal((await api.waitForBody('queued while activating')).path, '/before-quit');
  assert.equal((await api.waitForBody('queued next while activating')).path, '/before-quit');
  assert.equal(
    readdirSync(units).some((file) => file === timer),
    false,
    'nothing is pending: no wake-up is left',
  );
});
