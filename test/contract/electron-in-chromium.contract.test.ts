import { createElectronEngine } from '../../app/engine-electron/electron-engine.ts';
import { startFixtureServer } from '../fixtures/pwa-server.ts';
import { browserBackends } from '../helpers/browser-backends.ts';
import { openWithWorker, testLogger } from '../helpers/chromium.ts';
import { ElectronInChromium } from '../helpers/electron-in-chromium.ts';
import { describeEngineContract, RecordingEngineHost } from './engine-contract.ts';

/**
 * The Electron engine, unchanged, on real Chromium: the preloads' own code (install-shim.ts, the IPC
 * transport, the shared shim) runs in real pages and service workers, and the engine answers them with its
 * own IPC handlers. Only Electron's bridge, IPC and preload mechanism are stood in (see
 * test/helpers/electron-in-chromium.ts).
 */
for (const backend of browserBackends()) {
  describeEngineContract(`electron on real Chromium, its bridge stood in (${backend.name})`, async () => {
    const server = await startFixtureServer('news');
    const other = await startFixtureServer('mail');
    const electron = await ElectronInChromium.start(backend.executable);
    const engine = createElectronEngine({ surface: electron.surface, logger: testLogger });
    const host = new RecordingEngineHost([server.origin]);
    await engine.start(host);
    const scope = `${server.origin}/`;
    const page = await openWithWorker(electron.pages, `${server.origin}/?no-register`);
    await page.close();
    return {
      engine,
      host,
      scope,
      missingScope: `${server.origin}/nothing-here/`,
      stopWorkers: () => electron.stopAllWorkers(),
      async unregisterWorker() {
        const unregistering = await electron.pages.openPage();
        await unregistering.navigate(`${server.origin}/?no-register`, 15_000);
        await unregistering.evaluate(
          'navigator.serviceWorker.getRegistration().then((registration) => registration.unregister())',
        );
        await unregistering.close();
      },
      pages: { pages: electron.pages, origin: server.origin, otherOrigin: other.origin },
      // Electron runs frame preloads in main frames only (nodeIntegrationInSubFrames stays off, docs/electron.md
      // row 2): a frame has the browser's own periodicSync. Chromium's refuses it as the shim would; a
      // browser with no sync controller (Electron, chromium-headless-shell) refuses it with another error.
      expectedGaps: backend.nativePeriodicSync
        ? backend.expectedGaps
        : {
            ...backend.expectedGaps,
            'refusal: a cross-origin frame with no window of its own origin is InvalidAccessError':
              "a frame gets no preload in Electron, and this browser's own periodicSync has no sync controller",
          },
      async teardown() {
        await engine.stop();
        await electron.close();
        await server.close();
        await other.close();
      },
    };
  });
}
