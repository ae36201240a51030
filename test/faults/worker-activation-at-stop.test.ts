/**
 * A browser that ends while an app's new worker is activating stores that worker as only "installed", with
 * no active worker beside it, and the scope then never starts a worker again (both browsers; the install's
 * last step hit it on the headless shell: its start-up page may update the worker right before the
 * install's browser closes). The engine lets an activation finish before it stops the browser.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ChromiumEngine } from '../../app/engine-chromium/chromium-engine.ts';
import { RecordingEngineHost } from '../contract/engine-contract.ts';
import { startFixtureServer } from '../fixtures/pwa-server.ts';
import { browserBackends } from '../helpers/browser-backends.ts';
import { chromiumEngine, openWithWorker, tempProfile } from '../helpers/chromium.ts';
import { waitFor } from '../helpers/settle.ts';

for (const backend of browserBackends()) {
  test(`${backend.name}: a worker still activating when the host stops its browser is active at the next start`, {
    timeout: 120_000,
  }, async (t) => {
    const server = await startFixtureServer('news');
    t.after(() => server.close());
    const profile = tempProfile();
    t.after(() => profile.remove());
    const scope = `${server.origin}/`;
    const engines: ChromiumEngine[] = [];
    t.after(() => Promise.all(engines.map((engine) => engine.stop())));
    const start = async () => {
      const engine = chromiumEngine(profile.dir, { executable: backend.executable });
      engines.push(engine);
      await engine.start(new RecordingEngineHost([server.origin]));
      return engine;
    };

    const first = await start();
    const page = await openWithWorker(first, `${server.origin}/?no-register`);
    const statuses: string[] = [];
    first.connection?.on('ServiceWorker.workerVersionUpdated', (params) => {
      for (const version of params.versions as { scriptURL: string; status: string }[])
        if (version.scriptURL.includes('slow-activate')) statuses.push(version.status);
    });
    // The app ships a new worker (skipWaiting), whose activate handler takes 1.5 s.
    const update = encodeURIComponent('sw.js?slow-activate=1500');
    await page.navigate(`${server.origin}/?no-register&sw=${update}`, 15_000);
    await waitFor('the new worker to be activating', () => statuses.includes('activating'), 15_000);
    await first.stop();

    const second = await start();
    assert.equal(second.workerRunningStatus(scope), 'stopped', 'an active worker is stored for the scope');
    await second.ensureWorkerRunning(scope);
    const outcome = await second.dispatchPeriodicSync({
      scope,
      tag: 'after-update',
      timeLimitMs: 10_000,
      signal: new AbortController().signal,
    });
    assert.deepEqual(outcome, { status: 'success' });
  });
}
