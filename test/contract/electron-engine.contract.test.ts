import { createElectronEngine } from '../../app/engine-electron/electron-engine.ts';
import { fakeElectronSurface } from '../helpers/fake-electron-surface.ts';
import { describeEngineContract, PAGE_TESTS, RecordingEngineHost } from './engine-contract.ts';

const origin = 'https://contract.example';

/**
 * The Electron engine over a stand-in of the Electron surface (the binary cannot run here): the same
 * contract as every engine. Its pages and the shim in a real browser are tested in
 * test/engine-electron/shim-over-ipc.test.ts (real Chromium, Electron's bridge stood in).
 */
describeEngineContract('electron over a stand-in of its surface', async () => {
  const scope = `${origin}/`;
  const { surface, serviceWorkers } = fakeElectronSurface();
  serviceWorkers.register(scope);
  const engine = createElectronEngine({ surface });
  const host = new RecordingEngineHost([origin]);
  await engine.start(host);
  return {
    engine,
    host,
    scope,
    missingScope: `${origin}/nothing-here/`,
    stopWorkers: () => serviceWorkers.stopAllWorkers(),
    unregisterWorker: () => serviceWorkers.unregister(scope),
    expectedGaps: Object.fromEntries(
      PAGE_TESTS.map((title) => [
        title,
        'the stand-in has no browser pages (BrowserPages is not part of the Electron engine yet)',
      ]),
    ),
    async teardown() {
      await engine.stop();
      serviceWorkers.dispose();
    },
  };
});
