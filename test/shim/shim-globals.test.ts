import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { findChromium } from '../../app/engine-chromium/find-chromium.ts';
import { type LaunchedChromium, launchChromium } from '../../app/engine-chromium/launch-chromium.ts';
import { type FixtureServer, startFixtureServer } from '../fixtures/pwa-server.ts';
import { browserBackends } from '../helpers/browser-backends.ts';
import { openWithWorker, tempProfile } from '../helpers/chromium.ts';
import { type ChromiumHost, startChromiumHost } from '../helpers/chromium-host.ts';
import { assertSameGlobalNames, GLOBAL_NAMES, openPlainPage } from '../helpers/plain-page.ts';

for (const backend of browserBackends()) {
  describe(`the shim adds no global a page can find (${backend.name})`, { timeout: 120_000 }, () => {
    let news: FixtureServer;
    let chromium: ChromiumHost;
    let plain: LaunchedChromium;
    const plainProfile = tempProfile();

    before(async () => {
      news = await startFixtureServer('news');
      chromium = await startChromiumHost({}, { executable: backend.executable });
      chromium.recordApp(news.origin, 'Fixture News');
      plain = await launchChromium(findChromium(backend.executable).path, plainProfile.dir);
    });

    after(async () => {
      await plain.kill();
      plainProfile.remove();
      await chromium.close();
      await news.close();
    });

    test("a page's own global names are exactly a plain Chromium page's", async () => {
      const url = `${news.origin}/?no-register`;
      const page = await openWithWorker(chromium.engine, url);
      let withShim: string[];
      try {
        withShim = await page.evaluate<string[]>(GLOBAL_NAMES);
      } finally {
        await page.close();
      }
      const native = await (await openPlainPage(plain, url))<string[]>(GLOBAL_NAMES);
      assertSameGlobalNames(withShim, native);
      assert.ok(withShim.includes('PeriodicSyncManager'), 'the API itself is there, as natively');
    });

    test("a service worker's own global names are exactly a plain Chromium worker's", async () => {
      const url = `${news.origin}/?no-register`;
      const askForNames = `askWorker('globalNames').then((reply) => reply.value)`;
      const page = await openWithWorker(chromium.engine, url);
      let withShim: string[];
      try {
        withShim = await page.evaluate<string[]>(askForNames);
      } finally {
        await page.close();
      }
      const native = await (await openPlainPage(plain, url))<string[]>(askForNames);
      assertSameGlobalNames(withShim, native);
      assert.ok(withShim.includes('PeriodicSyncEvent'), 'the event interface is there, as natively');
    });

    test(`the browser's own periodicSync ${backend.nativePeriodicSync ? 'works' : 'rejects'} when permitted (backend data)`, async () => {
      const url = `${news.origin}/?no-register`;
      await plain.connection.send('Browser.setPermission', {
        permission: { name: 'periodic-background-sync' },
        setting: 'granted',
        origin: news.origin,
      });
      const evaluate = await openPlainPage(plain, url);
      const result = await evaluate<string>(`navigator.serviceWorker.ready.then((registration) =>
        registration.periodicSync.register('native', { minInterval: 1000 }).then(() => 'resolved', (error) => error.name))`);
      assert.equal(result === 'resolved', backend.nativePeriodicSync, `native register: ${result}`);
    });
  });
}
