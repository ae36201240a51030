/**
 * The store is the truth (issue 19, finding 2): once, under a moved clock, the browser reported every
 * worker registration deleted and the host deleted every periodic registration, an app that registers on
 * a click lost its task for good, and nothing but an info line said so. A periodic registration goes only
 * when the app unregisters it or its own worker, or is uninstalled. When the profile loses a worker, the
 * host keeps the registrations, loads the app's start page to bring the worker back, logs at warn, and
 * `status` says so. Real Chromium, a real serve host, the worker removed behind the host's back.
 */
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { type TestContext, test } from 'node:test';
import { ManualConnectivity } from '../../app/connectivity/connectivity.ts';
import type { ChromiumEngine } from '../../app/engine-chromium/chromium-engine.ts';
import { renderStatus } from '../../app/headless/cli/render-status.ts';
import { startServeHost } from '../../app/headless/headless-host.ts';
import type { Logger } from '../../app/logging/logger.ts';
import { FIXTURE_PORTS, serveFixtureApp, startFixtureServer } from '../fixtures/pwa-server.ts';
import { HOUR, tempDataDir } from '../helpers/harness.ts';
import { waitFor } from '../helpers/settle.ts';

/** A logger that keeps what was logged at warn (and above), for the assertions. */
function recordingLogger(): Logger & { warnings: string[] } {
  const warnings: string[] = [];
  const keep = (_fields: Record<string, unknown>, message: string) => {
    warnings.push(message);
  };
  return { debug() {}, info() {}, warn: keep, error: keep, warnings };
}

/** A serve host on `dataDir`, with a floor of an hour so nothing fires unless the test runs it. */
async function serveOn(t: TestContext, dataDir: string, logger: Logger) {
  const served = await startServeHost({
    dataDir,
    settings: { minIntervalFloorMs: HOUR, browserIdleMs: null },
    connectivity: new ManualConnectivity(true),
    logger,
  });
  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    await served.close();
  };
  t.after(close);
  return { ...served, close };
}

/**
 * Deletes the worker registration of `scope` the way a profile loses it: over a DevTools session of its
 * own, with no page or worker of the app calling `unregister()` (so no shim sees it).
 */
async function deleteBehindTheHostsBack(engine: ChromiumEngine, scope: string): Promise<void> {
  const cdp = engine.connection;
  assert.ok(cdp);
  const { targetId } = await cdp.send<{ targetId: string }>('Target.createTarget', {
    url: 'about:blank',
    background: true,
  });
  const { sessionId } = await cdp.send<{ sessionId: string }>('Target.attachToTarget', {
    targetId,
    flatten: true,
  });
  await cdp.send('ServiceWorker.enable', {}, sessionId);
  await cdp.send('ServiceWorker.unregister', { scopeURL: scope }, sessionId);
  await cdp.send('Target.closeTarget', { targetId });
}

/** The news app installed, plus a task it registered on a click: no page load registers it again. */
async function installWithClickTask(served: Awaited<ReturnType<typeof serveOn>>, origin: string) {
  const app = await served.operations.install({ url: `${origin}/` });
  const scope = `${origin}/`;
  served.host.core.register(app.id, scope, 'on-click', 2 * HOUR);
  return { app, scope };
}

const tagsOf = (served: Awaited<ReturnType<typeof serveOn>>, appId: string) =>
  served.host.store.registrations.list(appId).map((registration) => registration.tag);

test('the browser deletes a worker the app did not unregister: the tasks stay, the start page brings it back', {
  timeout: 180_000,
}, async (t) => {
  const news = await startFixtureServer('news');
  t.after(() => news.close());
  const logger = recordingLogger();
  const served = await serveOn(t, tempDataDir(t), logger);
  const { app, scope } = await installWithClickTask(served, news.origin);
  const engine = served.host.engine as ChromiumEngine;
  const loads = () => news.requests.filter((request) => request.path === '/').length;
  const loadsBefore = loads();

  await deleteBehindTheHostsBack(engine, scope);

  await waitFor('the start page loaded again', () => loads() > loadsBefore || undefined, 30_000);
  await waitFor('the worker back', () => engine.workerScopes().includes(scope) || undefined, 30_000);
  assert.deepEqual(tagsOf(served, app.id).sort(), ['get-latest-news', 'on-click'], 'both tasks kept');
  assert.ok(
    logger.warnings.some((line) => /deleted a service worker the app did not unregister/.test(line)),
    'said at warn',
  );
  await waitFor(
    'status to show nothing missing',
    () => served.operations.status().missingWorkers.length === 0,
  );
  const run = await served.operations.run({ app: app.id, tag: 'on-click' });
  assert.equal(run.outcome, 'success', 'the click-registered task fires on the restored worker');
});

test('a profile without the app’s worker and a start page that cannot load: the run fails, the tasks stay, status says so', {
  timeout: 180_000,
}, async (t) => {
  const dataDir = tempDataDir(t);
  const logger = recordingLogger();
  let news = await startFixtureServer('news');
  t.after(() => news.close());
  const first = await serveOn(t, dataDir, logger);
  const { app } = await installWithClickTask(first, news.origin);
  await first.close();
  // The profile's service-worker storage is gone, and the app's server is down while the host starts.
  rmSync(join(dataDir, 'chromium-profile', 'Default', 'Service Worker'), { recursive: true, force: true });
  await news.close();

  const served = await serveOn(t, dataDir, logger);
  const run = await served.operations.run({ app: app.id, tag: 'on-click' });
  assert.equal(run.outcome, 'failed');
  assert.match(run.error ?? '', /did not unregister it: its periodic sync registrations are kept/);
  assert.deepEqual(tagsOf(served, app.id).sort(), ['get-latest-news', 'on-click'], 'both tasks kept');
  const missing = await waitFor('the missing worker in status', () => {
    const [entry] = served.operations.status().missingWorkers;
    return entry?.restore === 'failed' ? entry : undefined;
  });
  assert.equal(missing.appName, 'Fixture News');
  assert.match(
    renderStatus(served.operations.status(), Date.now()),
    /service worker\s+missing for Fixture News \(http:\/\/127\.0\.0\.1:\d+\/\) since .*its syncs are kept; not back/,
  );
  assert.ok(logger.warnings.some((line) => /service worker .*(missing|lacks)/.test(line)));

  // The server is back: the next start page load brings the worker back and status clears.
  news = await serveFixtureApp('news', FIXTURE_PORTS.news);
  await served.close();
  const again = await serveOn(t, dataDir, logger);
  assert.deepEqual(again.operations.status().missingWorkers, []);
  assert.equal((await again.operations.run({ app: app.id, tag: 'on-click' })).outcome, 'success');
});
