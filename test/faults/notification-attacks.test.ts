import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import type { AppPage } from '../../app/engine/browser-pages.ts';
import { appIdFor } from '../../app/install/app-id.ts';
import { childEnv, NODE } from '../cli/helpers/run-cli.ts';
import { type FixtureServer, startFixtureServer } from '../fixtures/pwa-server.ts';
import { openWithWorker } from '../helpers/chromium.ts';
import type { ChromiumHost } from '../helpers/chromium-host.ts';
import { childrenOf, isGone, isRunning } from '../helpers/serve-process.ts';
import { waitFor } from '../helpers/settle.ts';
import { startChromiumHostOnBus } from '../notifications/helpers/chromium-host-on-bus.ts';
import {
  type Cleanup,
  displayOnBus,
  type NotificationServer,
  privateSessionBus,
  startNotificationServer,
} from '../notifications/helpers/notification-bus.ts';

describe('notification attacks (real Chromium, a private session bus)', { timeout: 180_000 }, () => {
  let news: FixtureServer;
  let mail: FixtureServer;
  let server: NotificationServer;
  let chromium: ChromiumHost;
  let page: AppPage;
  let impostor: AppPage;
  const stops: (() => void)[] = [];
  const cleanup: Cleanup = (stop) => {
    stops.push(stop);
  };

  before(async () => {
    ({ chromium, server } = await startChromiumHostOnBus(cleanup));
    news = await startFixtureServer('news');
    mail = await startFixtureServer('mail');
    chromium.recordApp(news.origin, 'Fixture News');
    // Cyrillic Р, А and о, ѕ: it reads as the host's own name.
    chromium.recordApp(mail.origin, 'РWА Hоѕt');
    page = await openWithWorker(chromium.engine, `${news.origin}/?no-register`);
    impostor = await openWithWorker(chromium.engine, `${mail.origin}/?no-register`);
  });

  after(async () => {
    await page.close();
    await impostor.close();
    await chromium.close();
    await news.close();
    await mail.close();
    for (const stop of stops.reverse()) stop();
  });

  test('a call too large for the host is refused at once with the browser’s error, never left pending', async () => {
    const outcome = await page.evaluate(`navigator.serviceWorker.ready.then(async (registration) => {
      const huge = 'x'.repeat(300 * 1024);
      const rejection = (promise) => promise.then(() => 'resolved', (error) => error.name);
      const pageNotification = await new Promise((resolve) => {
        const notification = new Notification('big', { body: huge });
        notification.onshow = () => resolve('show');
        notification.onerror = () => resolve('error');
      });
      return {
        showNotification: await rejection(registration.showNotification('big', { body: huge })),
        register: await rejection(registration.periodicSync.register(huge, { minInterval: 0 })),
        pageNotification,
      };
    })`);
    assert.deepEqual(outcome, {
      showNotification: 'TypeError',
      register: 'InvalidAccessError',
      pageNotification: 'error',
    });
  });

  test('a NUL in the title and a body too long for a gdbus argument are shown (replaced, cut), as the app was told', async () => {
    const before = server.notifies().length;
    await page.evaluate(`navigator.serviceWorker.ready.then((registration) =>
      registration.showNotification('Hello\\u0000there', { body: '<b>&</b>'.repeat(25000) }))`);
    const call = await server.nthNotify(before + 1);
    assert.equal(call.summary, 'Hello\ufffdthere');
    assert.ok(call.body.endsWith('\u2026'), 'the body is cut with an ellipsis');
    assert.ok(call.body.startsWith('&lt;b&gt;&amp;&lt;/b&gt;'), 'and still escaped for a markup server');
    const recorded = chromium.host.store.notifications.listOpen(appIdFor(`${news.origin}/`)).at(-1);
    assert.equal(recorded?.shown, true);
    assert.equal(recorded?.options.body.length, 200_000, 'the app’s own body is kept whole');
  });

  test('an app named like the host does not show as the host', async () => {
    const before = server.notifies().length;
    await impostor.evaluate(`navigator.serviceWorker.ready.then((registration) =>
      registration.showNotification('Your data is at risk', { body: 'Run this command' }))`);
    const call = await server.nthNotify(before + 1);
    assert.notEqual(call.app_name, 'PWA Host');
    assert.equal(call.app_name, `РWА Hоѕt (web app at ${new URL(mail.origin).host})`);
  });

  test('3,000 setAppBadge calls send few badge signals, the last one the latest badge', async () => {
    const before = server.launcherEntries().length;
    await page.evaluate(`(async () => {
      const calls = [];
      for (let count = 1; count <= 3000; count++) calls.push(navigator.setAppBadge(count).catch(() => {}));
      await Promise.all(calls);
    })()`);
    await waitFor('the last badge', () => server.launcherEntries().at(-1)?.properties.count === 3000);
    // One gdbus process per signal: while one runs, later badges replace each other, and only the
    // latest is sent next (how many depends on how fast the calls arrive, never one per call).
    const sent = server.launcherEntries().length - before;
    assert.ok(sent < 300, `${sent} badge signals for 3,000 calls`);
  });
});

test('the display reads the server’s capabilities again when the notification service changes hands', async (t) => {
  const stops: (() => void)[] = [];
  t.after(() => {
    for (const stop of stops.reverse()) stop();
  });
  const address = await privateSessionBus((stop) => stops.push(stop));
  const firstStops: (() => void)[] = [];
  await startNotificationServer((stop) => firstStops.push(stop), address, ['actions', 'body']);
  const display = displayOnBus(address);
  t.after(() => display.dispose());
  assert.equal((await display.capabilities()).has('body-markup'), false);

  for (const stop of firstStops) stop();
  const second = await startNotificationServer((stop) => stops.push(stop), address, [
    'actions',
    'body',
    'body-markup',
  ]);
  await waitFor('the new server’s capabilities', async () =>
    (await display.capabilities()).has('body-markup'),
  );
  await display.show({
    appName: 'News',
    appId: null,
    iconPath: undefined,
    title: 't',
    body: '<i>markup</i>',
    replaces: undefined,
    silent: false,
    requireInteraction: false,
    actions: [],
  });
  assert.equal((await second.nthNotify(1)).body, '&lt;i&gt;markup&lt;/i&gt;');
});

test('a host killed outright (SIGKILL) leaves no gdbus monitor behind', async (t) => {
  const stops: (() => void)[] = [];
  t.after(() => {
    for (const stop of stops.reverse()) stop();
  });
  const address = await privateSessionBus((stop) => stops.push(stop));
  const display = new URL('../../app/os/notifications/freedesktop-display.ts', import.meta.url).pathname;
  const script = `
    import { FreedesktopDisplay } from ${JSON.stringify(display)};
    const quiet = { debug() {}, info() {}, warn() {}, error() {} };
    new FreedesktopDisplay({ logger: quiet, desktopEntryOf: (id) => id });
    console.log('READY');
    setInterval(() => {}, 1000);`;
  const child = spawn(NODE, ['--input-type=module', '-e', script], {
    env: childEnv({ DBUS_SESSION_BUS_ADDRESS: address }),
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  t.after(() => child.kill('SIGKILL'));
  const pid = child.pid ?? 0;
  const monitor = await waitFor('the gdbus monitor to start', () => {
    const isMonitor = (each: number) => {
      try {
        return readFileSync(`/proc/${each}/cmdline`, 'utf8').split('\0').includes('monitor');
      } catch {
        return false; // ended while we looked
      }
    };
    return childrenOf(pid).find(isMonitor);
  });
  t.after(() => {
    if (isRunning(monitor)) process.kill(monitor, 'SIGKILL');
  });
  child.kill('SIGKILL');
  await waitFor('the orphaned monitor to end', () => isGone(monitor));
});
