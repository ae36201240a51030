import { startFixtureServer } from '../fixtures/pwa-server.ts';
import { chromiumEngine, openWithWorker, tempProfile } from '../helpers/chromium.ts';
import { describeEngineContract, RecordingEngineHost } from './engine-contract.ts';

describeEngineContract('chromium (headless, over CDP)', async () => {
  const server = await startFixtureServer('news');
  const profile = tempProfile();
  const engine = chromiumEngine(profile.dir);
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
    async teardown() {
      await engine.stop();
      await server.close();
      profile.remove();
    },
  };
});
