import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { AppPage } from '../../app/engine/browser-pages.ts';
import { type FixtureServer, startFixtureServer } from '../fixtures/pwa-server.ts';
import { browserBackends } from '../helpers/browser-backends.ts';
import { openWithWorker } from '../helpers/chromium.ts';
import { type ChromiumHost, startChromiumHost } from '../helpers/chromium-host.ts';
import { EXPECTED_PAGE_PERIODIC_SYNC_SHAPE, PAGE_PERIODIC_SYNC_SHAPE } from '../helpers/sync-shapes.ts';

for (const backend of browserBackends()) {
  describe(`the periodicSync shim in pages (${backend.name})`, { timeout: 180_000 }, () => {
    let news: FixtureServer;
    let mail: FixtureServer;
    let chromium: ChromiumHost;
    let page: AppPage;
    let scope: string;

    before(async () => {
      news = await startFixtureServer('news');
      mail = await startFixtureServer('mail');
      chromium = await startChromiumHost({}, { executable: backend.executable });
      chromium.recordApp(news.origin, 'Fixture News');
      scope = `${news.origin}/`;
      page = await openWithWorker(chromium.engine, `${news.origin}/?no-register`);
    });

    after(async () => {
      await page.close();
      await chromium.close();
      await news.close();
      await mail.close();
    });

    const inPage = <T>(expression: string) => page.evaluate<T>(expression);

    test('registration.periodicSync is a PeriodicSyncManager, the same object each time', async () => {
      assert.deepEqual(await inPage(PAGE_PERIODIC_SYNC_SHAPE), EXPECTED_PAGE_PERIODIC_SYNC_SHAPE);
    });

    test('the MDN examples: register a daily sync, find it with getTags, unregister it', async () => {
      const registered = await inPage(`navigator.serviceWorker.ready.then((registration) =>
        settle(registration.periodicSync.register('get-latest-news', { minInterval: 24 * 60 * 60 * 1000 })))`);
      assert.deepEqual(registered, { ok: true });
      const registration = chromium.host.store.registrations.get(scope, 'get-latest-news');
      assert.equal(registration?.minIntervalMs, 86_400_000);
      const tags = await inPage<string[]>(
        `navigator.serviceWorker.ready.then((registration) => registration.periodicSync.getTags())`,
      );
      assert.ok(tags.includes('get-latest-news'));
      await inPage(
        `navigator.serviceWorker.ready.then((registration) => registration.periodicSync.unregister('get-latest-news'))`,
      );
      assert.equal(chromium.host.store.registrations.get(scope, 'get-latest-news'), undefined);
    });

    test('WebIDL: too few arguments and EnforceRange are TypeErrors; the tag is converted to a string', async () => {
      const results = await inPage<
        Record<string, unknown>
      >(`navigator.serviceWorker.ready.then(async (registration) => {
        const sync = registration.periodicSync;
        return {
          noArguments: await settle(sync.register()),
          unregisterNoArguments: await settle(sync.unregister()),
          negative: await settle(sync.register('a', { minInterval: -1 })),
          nan: await settle(sync.register('a', { minInterval: NaN })),
          infinite: await settle(sync.register('a', { minInterval: Infinity })),
          tooBig: await settle(sync.register('a', { minInterval: 2 ** 53 })),
          numberTag: await settle(sync.register(12345, { minInterval: 1000 })),
          tags: await sync.getTags(),
        };
      })`);
      const typeError = { ok: false, name: 'TypeError', isDOMException: false, isTypeError: true };
      assert.deepEqual(results.noArguments, typeError);
      assert.deepEqual(results.unregisterNoArguments, typeError);
      assert.deepEqual(results.negative, typeError);
      assert.deepEqual(results.nan, typeError);
      assert.deepEqual(results.infinite, typeError);
      assert.deepEqual(results.tooBig, typeError);
      assert.deepEqual(results.numberTag, { ok: true });
      assert.deepEqual(results.tags, ['12345']);
    });

    test('a tag over 10240 characters is an InvalidAccessError DOMException', async () => {
      const result = await inPage(`navigator.serviceWorker.ready.then((registration) =>
        settle(registration.periodicSync.register('x'.repeat(10241))))`);
      assert.deepEqual(result, {
        ok: false,
        name: 'InvalidAccessError',
        isDOMException: true,
        isTypeError: false,
      });
    });

    test('permissions.query: granted for an installed app, other permissions untouched', async () => {
      const states = await inPage<Record<string, unknown>>(`(async () => {
        const status = await navigator.permissions.query({ name: 'periodic-background-sync' });
        const other = await navigator.permissions.query({ name: 'notifications' });
        return { state: status.state, name: status.name, isStatus: status instanceof PermissionStatus,
                 listens: typeof status.addEventListener === 'function',
                 otherIsNative: other instanceof PermissionStatus && typeof other.state === 'string' && other.name === 'notifications' };
      })()`);
      assert.deepEqual(states, {
        state: 'granted',
        name: 'periodic-background-sync',
        isStatus: true,
        listens: true,
        otherIsNative: true,
      });
    });

    test('with no active worker: register is an InvalidStateError, getTags and unregister still work', async () => {
      const results = await inPage<Record<string, unknown>>(`(async () => {
        const pending = await navigator.serviceWorker.register('sw.js?hang-install', { scope: '/pending/' });
        return {
          active: pending.active === null,
          register: await settle(pending.periodicSync.register('x')),
          getTags: await settle(pending.periodicSync.getTags()),
          unregister: await settle(pending.periodicSync.unregister('x')),
        };
      })()`);
      assert.deepEqual(results, {
        active: true,
        register: { ok: false, name: 'InvalidStateError', isDOMException: true, isTypeError: false },
        getTags: { ok: true, value: [] },
        unregister: { ok: true },
      });
    });

    test('an origin that is not an installed app: permission denied, register NotAllowedError', async () => {
      const other = await openWithWorker(chromium.engine, `${mail.origin}/`);
      try {
        const results = await other.evaluate<Record<string, unknown>>(`(async () => {
          const registration = await navigator.serviceWorker.ready;
          const status = await navigator.permissions.query({ name: 'periodic-background-sync' });
          let register;
          try { await registration.periodicSync.register('mail'); register = 'resolved'; } catch (error) { register = error.name; }
          return { state: status.state, register, tags: await registration.periodicSync.getTags() };
        })()`);
        assert.deepEqual(results, { state: 'denied', register: 'NotAllowedError', tags: [] });
      } finally {
        await other.close();
      }
    });

    test('only a cross-origin iframe of the app (no window of its own): InvalidAccessError', async () => {
      await page.close();
      const embedding = await openWithWorker(chromium.engine, `${mail.origin}/`);
      try {
        const result = await embedding.evaluate(
          `registerInFrame(${JSON.stringify(`${news.origin}/frame.html`)})`,
        );
        assert.deepEqual(result, { ok: false, name: 'InvalidAccessError' });
      } finally {
        await embedding.close();
        page = await openWithWorker(chromium.engine, `${news.origin}/?no-register`);
      }
    });

    test('two apps on two origins cannot see or unregister each other’s tags', async () => {
      chromium.recordApp(mail.origin, 'Fixture Mail');
      const other = await openWithWorker(chromium.engine, `${mail.origin}/`);
      try {
        await inPage(
          `navigator.serviceWorker.ready.then((registration) => registration.periodicSync.register('news-only'))`,
        );
        const seen = await other.evaluate<Record<string, unknown>>(`(async () => {
          const registration = await navigator.serviceWorker.ready;
          await registration.periodicSync.register('mail-only');
          await registration.periodicSync.unregister('news-only');
          return { tags: await registration.periodicSync.getTags() };
        })()`);
        assert.deepEqual(seen, { tags: ['mail-only'] });
        const newsTags = await inPage<string[]>(
          `navigator.serviceWorker.ready.then((registration) => registration.periodicSync.getTags())`,
        );
        assert.ok(newsTags.includes('news-only'));
        assert.ok(!newsTags.includes('mail-only'));
      } finally {
        await other.close();
      }
    });

    test('a page cannot act for another origin: a forged scope is refused, the binding is out of reach', async () => {
      const forger = await openWithWorker(chromium.engine, `${news.origin}/?no-register`);
      try {
        const result = await forger.evaluate(`(async () => {
          const registration = await navigator.serviceWorker.ready;
          // The shim reads registration.scope; a hostile page can make it lie.
          Object.defineProperty(ServiceWorkerRegistration.prototype, 'scope', { get: () => ${JSON.stringify(`${mail.origin}/`)} });
          return {
            unregister: await settle(registration.periodicSync.unregister('mail-only')),
            getTags: await settle(registration.periodicSync.getTags()),
            bindings: Object.getOwnPropertyNames(globalThis).filter((name) => name.startsWith('__pwaHostBinding')),
          };
        })()`);
        const refused = { ok: false, name: 'NotAllowedError', isDOMException: true, isTypeError: false };
        assert.deepEqual(result, { unregister: refused, getTags: refused, bindings: [] });
        assert.ok(
          chromium.host.store.registrations.get(`${mail.origin}/`, 'mail-only'),
          "mail's registration is intact",
        );
      } finally {
        await forger.close();
      }
    });
  });
}
