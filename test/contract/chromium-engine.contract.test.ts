import { startFixtureServer } from '../fixtures/pwa-server.ts';
import { browserBackends } from '../helpers/browser-backends.ts';
import { chromiumEngine, openWithWorker, tempProfile } from '../helpers/chromium.ts';
import { describeEngineContract, RecordingEngineHost } from './engine-contract.ts';

for (const backend of browserBackends()) {
  describeEngineContract(`chromium over CDP (${backend.name})`, async () => {
    const server = await startFixtureServer('news');
    const other = await startFixtureServer('mail');
    const profile = tempProfile();
    const engine = chromiumEngine(profile.dir, { executable: backend.executable });
    const host = new RecordingEngineHost([server.origin]);
    await engine.start(host);
    const scope = `${server.origin}/`;
    const page = await openWithWorker(engine, `${server.origin}/?no-register`);
    await page.close();
    return {
      engine,
      host,
      scope,
      missingScope: `${server.origin}/nothing-here/`,
      stopWorkers: () => engine.stopWorker(scope),
      async unregisterWorker() {
        const unregistering = await engine.openPage();
        await unregistering.navigate(`${server.origin}/?no-register`, 15_000);
        await unregistering.evaluate(
          'navigator.serviceWorker.getRegistration().then((registration) => registration.unregister())',
        );
        await unregistering.close();
      },
      pages: { pages: engine, origin: server.origin, otherOrigin: other.origin },
      expectedGaps: backend.expectedGaps,
      async teardown() {
        await engine.stop();
        await server.close();
        await other.close();
        profile.remove();
      },
    };
  });
}
