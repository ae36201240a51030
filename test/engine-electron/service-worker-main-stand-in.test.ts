import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { ServiceWorkerMainSurface } from '../../app/engine-electron/electron-surface.ts';
import { type FixtureServer, startFixtureServer } from '../fixtures/pwa-server.ts';
import { browserBackends } from '../helpers/browser-backends.ts';
import { openWithWorker } from '../helpers/chromium.ts';
import { ElectronInChromium } from '../helpers/electron-in-chromium.ts';
import { waitFor } from '../helpers/settle.ts';

/**
 * The Chromium-backed stand-in's `startWorkerForScope` and `ServiceWorkerMain` tasks against what Electron
 * and Chromium do with a worker that is stopping: Chromium's `RunAfterStartWorker` starts it again once it
 * stopped (content/browser/service_worker/service_worker_context_wrapper.cc
 * `FoundRegistrationForStartWorker`, service_worker_version.cc `StartWorker`), and a stopped worker's
 * external requests answer kWorkerNotRunning (service_worker_version.cc `StartExternalRequest`,
 * `FinishExternalRequest`; electron/electron lib/browser/api/service-worker-main.ts,
 * shell/browser/api/electron_api_service_worker_main.cc).
 */
const [backend] = browserBackends();

describe('the stand-in ServiceWorkerMain on a worker that stops', {
  timeout: 120_000,
  skip: backend === undefined ? 'no Chromium' : false,
}, () => {
  let news: FixtureServer;
  let electron: ElectronInChromium;

  before(async () => {
    news = await startFixtureServer('news');
    electron = await ElectronInChromium.start(backend?.executable as string);
    const page = await openWithWorker(electron.pages, `${news.origin}/?no-register`);
    await page.close();
  });

  after(async () => {
    await electron.close();
    await news.close();
  });

  test('startWorkerForScope while the worker stops waits and starts it again; its tasks end with it', async () => {
    const scope = `${news.origin}/`;
    const { serviceWorkers } = electron.surface;
    const worker = (await serviceWorkers.startWorkerForScope(scope)) as ServiceWorkerMainSurface;
    assert.ok(worker, 'the running worker');
    const task = worker.startTask();
    const statuses: string[] = [];
    const failures: Record<string, string> = {};
    let restart: Promise<ServiceWorkerMainSurface | undefined> | undefined;
    const unsubscribe = serviceWorkers.onRunningStatusChanged(({ versionId, runningStatus }) => {
      if (versionId !== worker.versionId) return;
      statuses.push(runningStatus);
      if (runningStatus === 'stopping') restart ??= serviceWorkers.startWorkerForScope(scope);
      if (runningStatus === 'stopped') {
        for (const [what, action] of [
          ['end', () => task.end()],
          ['startTask', () => worker.startTask()],
        ] as const) {
          try {
            action();
          } catch (error) {
            failures[what] = (error as Error).message;
          }
        }
      }
    });
    try {
      void electron.stopAllWorkers().catch(() => {}); // the restart may beat "every worker stopped"
      await waitFor('the worker to stop', () => restart !== undefined, 20_000);
      assert.equal(await restart, worker, 'the same version, running again');
    } finally {
      unsubscribe();
    }
    assert.deepEqual(statuses, ['stopping', 'stopped', 'starting', 'running']);
    assert.deepEqual(failures, {
      end: 'Service worker is no longer running',
      startTask: 'Unable to start service worker task.',
    });
  });
});
