/**
 * Issue 7 #4: Chromium killed while the host serves. The event in flight is recorded as failed at once,
 * the browser comes back by itself (with backoff), later events run again, and `status` tells the truth
 * throughout: restarting, running, and a clear error when the browser keeps dying.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { renderStatus } from '../../app/headless/cli/render-status.ts';
import { startFixtureServer } from '../fixtures/pwa-server.ts';
import { startServedHost } from '../helpers/chromium-host.ts';
import { browserPidOf, isRunning } from '../helpers/serve-process.ts';
import { waitFor } from '../helpers/settle.ts';

/** The browser running on the profile, or undefined while none does (a killed one is restarting). */
function currentBrowserPid(dataDir: string): number | undefined {
  try {
    return browserPidOf(dataDir);
  } catch {
    return undefined;
  }
}

function killBrowser(pid: number): void {
  process.kill(-pid, 'SIGKILL'); // the browser's whole process group: renderers and helpers too
}

test('a browser killed during an event: the run fails at once, the browser restarts, later events run', {
  timeout: 180_000,
}, async (t) => {
  const news = await startFixtureServer('news');
  t.after(() => news.close());
  const { dataDir, served } = await startServedHost(t);
  const { operations, host } = served;
  const app = await operations.install({ url: `${news.origin}/?no-register` });
  const scope = `${news.origin}/`;
  assert.deepEqual(operations.status().browser, { status: 'running' });

  const since = Date.now();
  host.core.register(app.id, scope, 'hang', 60 * 60_000);
  const hang = operations.syncs().find((sync) => sync.tag === 'hang');
  assert.ok(hang);
  void operations.run({ app: app.id, tag: 'hang' }).catch(() => {});
  await news.waitForRequest('/event-started', 30_000, since);

  const firstBrowser = browserPidOf(dataDir);
  const killedAt = Date.now();
  killBrowser(firstBrowser);
  const restarting = await waitFor('status to say the browser is restarting', () => {
    const browser = operations.status().browser;
    return browser?.status === 'restarting' && /SIGKILL/.test(browser.reason) ? browser : undefined;
  });
  assert.equal(restarting.attempt, 1);
  assert.match(
    renderStatus(operations.status(), Date.now()),
    /browser\s+restarting \(attempt 1: Chromium exited with SIGKILL\)/,
  );

  const failed = await waitFor(
    'the interrupted run to be recorded',
    () => operations.runs({ tag: 'hang' }).find((run) => run.outcome !== null),
    15_000,
  );
  assert.equal(failed.outcome, 'failed');
  assert.match(failed.error ?? '', /The browser exited during the event/);
  console.error(`run recorded ${(failed.endedAt ?? 0) - killedAt} ms after the kill`);

  await waitFor('the browser to be back', () => operations.status().browser?.status === 'running', 60_000);
  console.error(`browser back ${Date.now() - killedAt} ms after the kill`);
  assert.notEqual(browserPidOf(dataDir), firstBrowser);
  assert.equal(isRunning(firstBrowser), false);

  // The worker in the profile comes back with the browser: a later event, scheduled, succeeds.
  host.core.unregister(scope, 'hang');
  host.core.register(app.id, scope, 'after-restart', 0);
  const later = await waitFor(
    'an event after the restart',
    () => operations.runs({ tag: 'after-restart' }).find((run) => run.outcome !== null),
    60_000,
  );
  assert.equal(later.outcome, 'success', later.error ?? '');
  host.core.unregister(scope, 'after-restart');
  const manual = await operations.run({ app: app.id, tag: 'get-latest-news' }).catch((error: Error) => error);
  assert.ok(!(manual instanceof Error) || /no periodic sync registration/.test(manual.message));
});

test('a browser killed during a one-off sync’s last attempt: the attempt is not counted, the sync fires again once it is back', {
  timeout: 180_000,
}, async (t) => {
  const news = await startFixtureServer('news');
  t.after(() => news.close());
  // One attempt in all: the first is the last chance.
  const { dataDir, served } = await startServedHost(t, { oneOffMaxAttempts: 1 });
  const { operations, host } = served;
  const app = await operations.install({ url: `${news.origin}/?no-register` });
  const scope = `${news.origin}/`;
  const since = Date.now();
  host.core.registerOneOff(app.id, scope, 'hang');
  await news.waitForRequest('/sync-event', 30_000, since);

  killBrowser(browserPidOf(dataDir));
  const failed = await waitFor(
    'the attempt to be recorded',
    () => operations.runs({ tag: 'hang' }).find((run) => run.outcome !== null),
    15_000,
  );
  assert.deepEqual([failed.kind, failed.lastChance, failed.outcome], ['one-off', true, 'failed']);
  assert.match(failed.error ?? '', /The browser exited during the event/);
  const pending = host.store.oneOffSyncs.get(scope, 'hang');
  assert.equal(pending?.attemptsMade, 0, 'kept, its attempt not used up: the browser went, not the app');

  const again = await waitFor(
    'the sync to fire again in the restarted browser',
    () => operations.runs({ tag: 'hang' }).find((run) => run.id !== failed.id),
    60_000,
  );
  assert.deepEqual([again.attempt, again.lastChance], [1, true]);
});

test('a browser that keeps dying puts status in a clear error state', { timeout: 240_000 }, async (t) => {
  const { dataDir, served } = await startServedHost(t);
  const { operations } = served;
  const seen: string[] = [];
  let killed: number | undefined;
  for (let kill = 1; ; kill += 1) {
    await waitFor(
      'a new browser to be running',
      () => {
        const browser = operations.status().browser;
        if (browser && !seen.includes(browser.status)) seen.push(browser.status);
        if (browser?.status === 'failed') return true;
        const pid = currentBrowserPid(dataDir);
        return browser?.status === 'running' && pid !== undefined && pid !== killed;
      },
      120_000,
    );
    if (operations.status().browser?.status === 'failed') break;
    assert.ok(kill <= 10, 'the host gives up restarting in a loop and says so');
    killed = browserPidOf(dataDir);
    killBrowser(killed);
  }
  const browser = operations.status().browser;
  assert.equal(browser?.status, 'failed');
  assert.match(browser?.reason ?? '', /exited \d+ times within/);
  assert.ok(seen.includes('restarting'), seen.join(', '));
  const rendered = renderStatus(operations.status(), Date.now());
  assert.match(rendered, /browser\s+failed: /);
  console.error(rendered);
});
