import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { type FixtureServer, startFixtureServer } from '../fixtures/pwa-server.ts';
import { openWithWorker } from '../helpers/chromium.ts';
import { type ChromiumHost, startChromiumHost } from '../helpers/chromium-host.ts';
import { serviceWorkerRenderers } from '../helpers/worker-renderer.ts';

/** Long enough that waiting for either limit is a failure the assertions tell apart from a crash seen. */
const LIMIT_MS = 30_000;

const skip = process.platform === 'linux' ? false : 'finds renderer processes through /proc (Linux only)';
if (skip) console.error(`SKIPPED renderer-crash faults: ${skip}`);

describe('a renderer process killed under a service worker (real Chromium, SIGKILL)', {
  timeout: 300_000,
  skip,
}, () => {
  let news: FixtureServer;
  let chromium: ChromiumHost;
  let scope: string;

  before(async () => {
    news = await startFixtureServer('news');
    chromium = await startChromiumHost(
      { eventTimeLimitMs: LIMIT_MS, maxAttemptsPerPeriod: 1 },
      { workerStartTimeoutMs: LIMIT_MS },
    );
    const app = chromium.recordApp(news.origin, 'Fixture News');
    scope = `${news.origin}/`;
    const page = await openWithWorker(chromium.engine, `${news.origin}/?no-register`);
    await page.close();
    for (const tag of ['slow-4000', 'after-crash'])
      chromium.host.core.register(app.id, scope, tag, 86_400_000);
  });

  after(async () => {
    await chromium.close();
    await news.close();
  });

  const browserPid = () => {
    const pid = chromium.engine.browserPid;
    if (pid === undefined) throw new Error('the browser is not running');
    return pid;
  };

  /** Polls /proc tightly (the start of a worker lasts a few hundred ms) for the renderer running it. */
  async function workerRenderer(): Promise<number> {
    const deadline = Date.now() + 20_000;
    for (;;) {
      const [pid] = serviceWorkerRenderers(browserPid());
      if (pid !== undefined) return pid;
      if (Date.now() > deadline) throw new Error('no renderer process of the browser runs a service worker');
      await sleep(2);
    }
  }

  /**
   * A stopped worker's renderer lingers for a moment with its ServiceWorker thread: waiting for it to go keeps
   * the next cold start's search from finding (and "killing") the old process as it exits on its own.
   */
  async function stopWorkerAndItsRenderer(): Promise<void> {
    await chromium.engine.stopWorker(scope);
    const deadline = Date.now() + 20_000;
    while (serviceWorkerRenderers(browserPid()).length > 0) {
      if (Date.now() > deadline) throw new Error("the stopped worker's renderer is still running after 20 s");
      await sleep(10);
    }
  }

  async function assertNextEventSucceeds(): Promise<void> {
    const next = await chromium.host.core.runNow(scope, 'after-crash');
    assert.equal(next.outcome, 'success', `the event after the crash: ${next.error}`);
  }

  for (const delayMs of [0, 15, 40]) {
    test(`killed ${delayMs} ms after its worker's process appears (cold start): the event fails as a crash, not at a time limit, and the next event runs`, async () => {
      await stopWorkerAndItsRenderer();
      const run = chromium.host.core.runNow(scope, 'slow-4000');
      const victim = await workerRenderer();
      await sleep(delayMs);
      process.kill(victim, 'SIGKILL');
      const crashed = await run;
      assert.equal(crashed.outcome, 'failed');
      assert.match(crashed.error ?? '', /stopped/, 'the run says the worker stopped');
      assert.doesNotMatch(crashed.error ?? '', /within|time limit/, 'the crash was seen, not waited out');
      await assertNextEventSucceeds();
    });
  }

  test('killed while the handler runs: the event fails as a crash and the next event runs', async () => {
    await chromium.host.core.runNow(scope, 'after-crash'); // a warm worker
    const since = Date.now();
    const run = chromium.host.core.runNow(scope, 'slow-4000');
    await news.waitForRequest('/event-started', 15_000, since);
    for (const pid of serviceWorkerRenderers(browserPid())) process.kill(pid, 'SIGKILL');
    const crashed = await run;
    assert.equal(crashed.outcome, 'failed');
    assert.match(crashed.error ?? '', /stopped during the event/);
    await assertNextEventSucceeds();
    await assertNextEventSucceeds();
  });
});
