import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { findChromium } from '../../app/engine-chromium/find-chromium.ts';
import { type LaunchedChromium, launchChromium } from '../../app/engine-chromium/launch-chromium.ts';
import { createElectronEngine, type ElectronEngine } from '../../app/engine-electron/electron-engine.ts';
import { RecordingEngineHost } from '../contract/engine-contract.ts';
import { type FixtureServer, startFixtureServer } from '../fixtures/pwa-server.ts';
import { browserBackends } from '../helpers/browser-backends.ts';
import { openWithWorker, tempProfile, testLogger } from '../helpers/chromium.ts';
import { ElectronInChromium } from '../helpers/electron-in-chromium.ts';
import { assertSameGlobalNames, GLOBAL_NAMES, openPlainPage } from '../helpers/plain-page.ts';
import {
  EXPECTED_PAGE_SYNC_SHAPE,
  EXPECTED_WORKER_PERIODIC_SYNC_SHAPE,
  EXPECTED_WORKER_SYNC_SHAPE,
  PAGE_SYNC_SHAPE,
} from '../helpers/sync-shapes.ts';

/**
 * The shared shim over Electron's transport (install-shim.ts → executeInMainWorld → the IPC transport), in
 * real pages and service workers of Chromium, answered by the Electron engine itself. The engine contract
 * (test/contract/electron-in-chromium.contract.test.ts) covers callers, refusals and events; these are
 * what the transport adds or could break: the API's shape, the page-facing calls, and no global.
 */
for (const backend of browserBackends()) {
  describe(`the shim over Electron's IPC transport in real Chromium (${backend.name})`, {
    timeout: 120_000,
  }, () => {
    let news: FixtureServer;
    let electron: ElectronInChromium;
    let engine: ElectronEngine;
    let host: RecordingEngineHost;
    let plain: LaunchedChromium;
    const plainProfile = tempProfile();

    before(async () => {
      news = await startFixtureServer('news');
      electron = await ElectronInChromium.start(backend.executable);
      engine = createElectronEngine({ surface: electron.surface, logger: testLogger });
      host = new RecordingEngineHost([news.origin]);
      await engine.start(host);
      plain = await launchChromium(findChromium(backend.executable).path, plainProfile.dir);
    });

    after(async () => {
      await plain.kill();
      plainProfile.remove();
      await engine.stop();
      await electron.close();
      await news.close();
    });

    test("a page's own global names are exactly a plain Chromium page's", async () => {
      const url = `${news.origin}/?no-register`;
      const page = await openWithWorker(electron.pages, url);
      let withShim: string[];
      try {
        withShim = await page.evaluate<string[]>(GLOBAL_NAMES);
      } finally {
        await page.close();
      }
      const native = await (await openPlainPage(plain, url))<string[]>(GLOBAL_NAMES);
      assertSameGlobalNames(withShim, native);
    });

    test('in a page: permission, register, getTags through ipcRenderer.invoke', async () => {
      const page = await openWithWorker(electron.pages, `${news.origin}/?no-register`);
      try {
        const result = await page.evaluate<Record<string, unknown>>(`(async () => {
          const registration = await navigator.serviceWorker.ready;
          const status = await navigator.permissions.query({ name: 'periodic-background-sync' });
          const replaced = Object.getOwnPropertyDescriptor(ServiceWorkerRegistration.prototype, 'periodicSync').get.name;
          await registration.periodicSync.register('over-ipc', { minInterval: 60000 });
          return { state: status.state, replaced, tags: await registration.periodicSync.getTags(),
            badInterval: await registration.periodicSync.register('bad', { minInterval: -1 }).catch((error) => error.name) };
        })()`);
        assert.deepEqual(result, {
          state: 'granted',
          replaced: 'periodicSync',
          tags: ['over-ipc'],
          badInterval: 'TypeError',
        });
        assert.deepEqual(host.registered.at(-1), {
          caller: { origin: news.origin, scope: `${news.origin}/` },
          tag: 'over-ipc',
          minInterval: 60000,
        });
      } finally {
        await page.close();
      }
    });

    test('in a page: Notification.permission from the answer to ready, showNotification and setAppBadge over IPC', async () => {
      const page = await openWithWorker(electron.pages, `${news.origin}/?no-register`);
      try {
        const result = await page.evaluate<Record<string, unknown>>(`(async () => {
          while (Notification.permission === 'default') await new Promise((resolve) => setTimeout(resolve, 20));
          const registration = await navigator.serviceWorker.ready;
          await registration.showNotification('Over IPC', { tag: 'ipc', body: 'b' });
          await navigator.setAppBadge(2);
          return { permission: Notification.permission, open: (await registration.getNotifications()).map((n) => n.title) };
        })()`);
        assert.deepEqual(result, { permission: 'granted', open: ['Over IPC'] });
        assert.deepEqual(host.shown.at(-1)?.caller, { origin: news.origin, scope: `${news.origin}/` });
        assert.deepEqual(host.badges.at(-1), {
          caller: { origin: news.origin, scope: `${news.origin}/` },
          badge: 2,
        });
      } finally {
        await page.close();
      }
    });

    test('in the worker: registration.periodicSync, PeriodicSyncEvent, onperiodicsync', async () => {
      const page = await openWithWorker(electron.pages, `${news.origin}/?no-register`);
      try {
        const { value } = await page.evaluate<{ value: Record<string, unknown> }>(`askWorker('shape')`);
        assert.deepEqual(value, EXPECTED_WORKER_PERIODIC_SYNC_SHAPE);
      } finally {
        await page.close();
      }
    });

    test('an event sent with ServiceWorkerMain.send runs the onperiodicsync handler attribute', async () => {
      const scope = `${news.origin}/`;
      const before = news.requests.filter((request) => request.path === '/handler-attribute').length;
      await engine.ensureWorkerRunning(scope);
      const outcome = await engine.dispatchPeriodicSync({
        scope,
        tag: 'via-handler-attribute',
        timeLimitMs: 10_000,
        signal: new AbortController().signal,
      });
      assert.deepEqual(outcome, { status: 'success' });
      const after = news.requests.filter((request) => request.path === '/handler-attribute').length;
      assert.equal(after, before + 1, 'the handler ran and its waitUntil fetch reached the server');
    });

    test('one-off sync in a page and in the worker: SyncManager, SyncEvent, onsync over IPC', async () => {
      const page = await openWithWorker(electron.pages, `${news.origin}/?no-register`);
      try {
        assert.deepEqual(await page.evaluate(PAGE_SYNC_SHAPE), EXPECTED_PAGE_SYNC_SHAPE);
        const result = await page.evaluate<Record<string, unknown>>(`(async () => {
          const registration = await navigator.serviceWorker.ready;
          const status = await navigator.permissions.query({ name: 'background-sync' });
          await registration.sync.register('outbox-over-ipc');
          return { state: status.state, tags: await registration.sync.getTags() };
        })()`);
        assert.deepEqual(result, { state: 'granted', tags: ['outbox-over-ipc'] });
        const { value } = await page.evaluate<{ value: Record<string, unknown> }>(`askWorker('syncShape')`);
        assert.deepEqual(value, EXPECTED_WORKER_SYNC_SHAPE);
      } finally {
        await page.close();
      }
    });

    test('a sync sent with ServiceWorkerMain.send runs the onsync handler attribute, lastChance included', async () => {
      const scope = `${news.origin}/`;
      const count = (path: string) => news.requests.filter((request) => request.path === path).length;
      const before = count('/onsync-handler');
      await engine.ensureWorkerRunning(scope);
      const fire = (tag: string, lastChance: boolean) =>
        engine.dispatchSync({
          scope,
          tag,
          lastChance,
          timeLimitMs: 10_000,
          signal: new AbortController().signal,
        });
      assert.deepEqual(await fire('via-onsync', false), { status: 'success' });
      assert.equal(
        count('/onsync-handler'),
        before + 1,
        'the handler ran and its waitUntil fetch reached the server',
      );
      assert.deepEqual(await fire('last-chance-true', true), { status: 'success' });
    });
  });
}
