import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { findChromium } from '../../app/engine-chromium/find-chromium.ts';
import { type LaunchedChromium, launchChromium } from '../../app/engine-chromium/launch-chromium.ts';
import { type FixtureServer, startFixtureServer } from '../fixtures/pwa-server.ts';
import { openWithWorker, tempProfile } from '../helpers/chromium.ts';
import { type ChromiumHost, startChromiumHost } from '../helpers/chromium-host.ts';

const GLOBAL_NAMES = 'Object.getOwnPropertyNames(globalThis).sort()';

/** The global names of `url` in a browser with nothing injected: what native Chromium exposes. */
async function plainPageGlobals(browser: LaunchedChromium, url: string): Promise<string[]> {
  const cdp = browser.connection;
  const { targetId } = await cdp.send<{ targetId: string }>('Target.createTarget', { url: 'about:blank' });
  const { sessionId } = await cdp.send<{ sessionId: string }>('Target.attachToTarget', {
    targetId,
    flatten: true,
  });
  const evaluate = async <T>(expression: string): Promise<T> => {
    const reply = await cdp.send<{ result: { value: T } }>(
      'Runtime.evaluate',
      { expression, awaitPromise: true, returnByValue: true },
      sessionId,
    );
    return reply.result.value;
  };
  await cdp.send('Page.enable', {}, sessionId);
  const loaded = new Promise<void>((resolve) => {
    const unsubscribe = cdp.on('Page.loadEventFired', (_params, from) => {
      if (from !== sessionId) return;
      unsubscribe();
      resolve();
    });
  });
  await cdp.send('Page.navigate', { url }, sessionId);
  await loaded;
  await evaluate('navigator.serviceWorker.ready.then(() => true)');
  return evaluate<string[]>(GLOBAL_NAMES);
}

describe('the shim adds no global a page can find', { timeout: 120_000 }, () => {
  let news: FixtureServer;
  let chromium: ChromiumHost;
  let plain: LaunchedChromium;
  const plainProfile = tempProfile();

  before(async () => {
    news = await startFixtureServer('news');
    chromium = await startChromiumHost();
    chromium.recordApp(news.origin, 'Fixture News');
    plain = await launchChromium(findChromium(undefined), plainProfile.dir);
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
    const native = await plainPageGlobals(plain, url);
    assert.deepEqual(
      {
        added: withShim.filter((name) => !native.includes(name)),
        removed: native.filter((name) => !withShim.includes(name)),
      },
      { added: [], removed: [] },
    );
    assert.ok(withShim.includes('PeriodicSyncManager'), 'the API itself is there, as natively');
  });
});
