import assert from 'node:assert/strict';
import { basename } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { AppPage } from '../../app/engine/browser-pages.ts';
import type { AppRecord } from '../../app/store/records.ts';
import { type FixtureServer, startFixtureServer } from '../fixtures/pwa-server.ts';
import { browserBackends } from '../helpers/browser-backends.ts';
import { openWithWorker } from '../helpers/chromium.ts';
import type { ChromiumHost } from '../helpers/chromium-host.ts';
import { waitFor } from '../helpers/settle.ts';
import { startChromiumHostOnBus } from './helpers/chromium-host-on-bus.ts';
import type { NotificationServer } from './helpers/notification-bus.ts';

for (const backend of browserBackends()) {
  describe(`notifications and badges in pages (${backend.name})`, { timeout: 180_000 }, () => {
    let news: FixtureServer;
    let mail: FixtureServer;
    let server: NotificationServer;
    let chromium: ChromiumHost;
    let app: AppRecord;
    let page: AppPage;
    let other: AppPage;
    const stops: (() => void)[] = [];
    const cleanup = (stop: () => void) => {
      stops.push(stop);
    };

    before(async () => {
      ({ chromium, server } = await startChromiumHostOnBus(cleanup, { executable: backend.executable }));
      news = await startFixtureServer('news');
      mail = await startFixtureServer('mail');
      app = chromium.recordApp(news.origin, 'Fixture News');
      page = await openWithWorker(chromium.engine, `${news.origin}/?no-register`);
      other = await openWithWorker(chromium.engine, `${mail.origin}/`);
    });

    after(async () => {
      await page.close();
      await other.close();
      await chromium.close();
      await news.close();
      await mail.close();
      for (const stop of stops.reverse()) stop();
    });

    test('an installed app reads "granted" everywhere; an origin that is not installed reads "denied"', async () => {
      const permission = `(async () => {
        while (Notification.permission === 'default') await new Promise((resolve) => setTimeout(resolve, 20));
        return {
          permission: Notification.permission,
          requested: await Notification.requestPermission(),
          query: (await navigator.permissions.query({ name: 'notifications' })).state,
        };
      })()`;
      assert.deepEqual(await page.evaluate(permission), {
        permission: 'granted',
        requested: 'granted',
        query: 'granted',
      });
      assert.deepEqual(await other.evaluate(permission), {
        permission: 'denied',
        requested: 'denied',
        query: 'denied',
      });
    });

    test('muting tells open pages at once: Notification.permission reads "denied", and "granted" again after unmute', async () => {
      const permissionBecomes = (state: string) =>
        waitFor(`Notification.permission to be ${state}`, async () =>
          (await page.evaluate<string>('Notification.permission')) === state ? true : undefined,
        );
      chromium.host.store.apps.setNotificationsMuted(app.id, true);
      chromium.engine.notificationPermissionChanged(news.origin);
      await permissionBecomes('denied');
      chromium.host.store.apps.setNotificationsMuted(app.id, false);
      chromium.engine.notificationPermissionChanged(news.origin);
      await permissionBecomes('granted');
    });

    test('new Notification is shown as an OS notification, and its click reaches the page object', async () => {
      const before = server.notifies().length;
      const shown = await page.evaluate(`new Promise((resolve) => {
        window.pageNotification = new Notification('From the page', { body: 'page body', tag: 'page' });
        pageNotification.onshow = () => resolve({ title: pageNotification.title, body: pageNotification.body });
        pageNotification.onerror = () => resolve('error');
        window.pageClicks = 0;
        pageNotification.onclick = () => { window.pageClicks += 1; };
      })`);
      assert.deepEqual(shown, { title: 'From the page', body: 'page body' });
      const call = await server.nthNotify(before + 1);
      assert.equal(call.summary, 'From the page');
      assert.equal(call.app_name, 'Fixture News');
      assert.deepEqual(call.actions, ['default', 'Open']);
      await server.click(call.id, 'default');
      await waitFor('the click in the page', async () => (await page.evaluate<number>('pageClicks')) === 1);
    });

    test('WebIDL: what Chromium refuses is refused before anything reaches the host', async () => {
      const before = server.notifies().length;
      const errors = await page.evaluate(`navigator.serviceWorker.ready.then(async (registration) => {
        const name = (action) => { try { action(); return 'no error'; } catch (error) { return error.name; } };
        const rejection = (promise) => promise.then(() => 'resolved', (error) => error.name);
        return {
          noTitle: name(() => new Notification()),
          pageActions: name(() => new Notification('x', { actions: [{ action: 'a', title: 'A' }] })),
          renotifyWithoutTag: name(() => new Notification('x', { renotify: true })),
          badDir: name(() => new Notification('x', { dir: 'sideways' })),
          uncloneableData: await rejection(registration.showNotification('x', { data: { f: 1n } })),
          negativeBadge: await rejection(navigator.setAppBadge(-1)),
        };
      })`);
      assert.deepEqual(errors, {
        noTitle: 'TypeError',
        pageActions: 'TypeError',
        renotifyWithoutTag: 'TypeError',
        badDir: 'TypeError',
        uncloneableData: 'DataCloneError',
        negativeBadge: 'TypeError',
      });
      assert.equal(server.notifies().length, before);
    });

    test('registration.showNotification from a page, getNotifications({tag}) and close()', async () => {
      const before = server.notifies().length;
      const open = await page.evaluate(`navigator.serviceWorker.ready.then(async (registration) => {
        await registration.showNotification('Persistent', { tag: 'kept', body: 'b', data: { n: 1 } });
        await registration.showNotification('Other', { tag: 'other' });
        const kept = await registration.getNotifications({ tag: 'kept' });
        return kept.map((n) => ({ title: n.title, tag: n.tag, data: n.data, isNotification: n instanceof Notification }));
      })`);
      assert.deepEqual(open, [{ title: 'Persistent', tag: 'kept', data: { n: 1 }, isNotification: true }]);
      await server.nthNotify(before + 2);
      const kept = server.notifies().find((call) => call.summary === 'Persistent');
      assert.ok(kept);
      const left = await page.evaluate(`navigator.serviceWorker.ready.then(async (registration) => {
        const [kept] = await registration.getNotifications({ tag: 'kept' });
        kept.close();
        await new Promise((resolve) => setTimeout(resolve, 200));
        return (await registration.getNotifications()).map((n) => n.tag);
      })`);
      assert.deepEqual(left, ['other']);
      await waitFor('CloseNotification', () => server.closes().includes(kept.id));
    });

    test('an app that notifies in a loop has the excess recorded, not shown', async () => {
      const before = server.notifies().length;
      await page.evaluate(`navigator.serviceWorker.ready.then((registration) => Promise.all(
        Array.from({ length: 60 }, (_, i) => registration.showNotification('Flood ' + i, { tag: 'flood-' + i }))))`);
      const flood = chromium.host.store.notifications
        .list({ appId: app.id, limit: 60 })
        .filter((record) => record.title.startsWith('Flood '));
      assert.equal(flood.length, 60, 'every one is recorded');
      const shown = flood.filter((record) => record.shown).length;
      assert.ok(shown >= 16 && shown < 60, `${shown} of 60 shown`);
      await waitFor('the shown ones on screen', () => server.notifies().length === before + shown, 20_000);
    });

    test('a page that is not installed shows nothing', async () => {
      const before = server.notifies().length;
      const outcome = await other.evaluate(`new Promise((resolve) => {
        const notification = new Notification('Not installed');
        notification.onshow = () => resolve('shown');
        notification.onerror = () => resolve('error');
      })`);
      assert.equal(outcome, 'error');
      assert.equal(server.notifies().length, before);
    });

    test('navigator.setAppBadge / clearAppBadge from a page are LauncherEntry signals for the app', async () => {
      // One at a time: badges set while a signal is being sent replace each other (only the latest goes).
      const signalled = (count: number) =>
        waitFor(`${count} LauncherEntry signals`, () => {
          const seen = server.launcherEntries();
          return seen.length >= count && seen;
        });
      await page.evaluate(`navigator.setAppBadge(5)`);
      await signalled(1);
      await page.evaluate(`navigator.setAppBadge()`);
      await signalled(2);
      await page.evaluate(`navigator.clearAppBadge()`);
      const signals = await signalled(3);
      const uri = `application://${basename(`pwa-host-${app.id}.desktop`)}`;
      assert.deepEqual(
        signals.map((signal) => ({ uri: signal.app_uri, ...signal.properties })),
        [
          { uri, count: 5, 'count-visible': true, urgent: false },
          { uri, count: 0, 'count-visible': false, urgent: true },
          { uri, count: 0, 'count-visible': false, urgent: false },
        ],
      );
      assert.equal(chromium.host.store.apps.get(app.id)?.badge, null);
    });
  });
}
