import assert from 'node:assert/strict';
import { basename } from 'node:path';
import { test } from 'node:test';
import type { ChromiumEngine } from '../../app/engine-chromium/chromium-engine.ts';
import { startServeHost } from '../../app/headless/headless-host.ts';
import { launcherPath } from '../../app/os/launchers/launchers.ts';
import { type FixtureServer, startFixtureServer } from '../fixtures/pwa-server.ts';
import { testLogger } from '../helpers/chromium.ts';
import { tempDataDir } from '../helpers/harness.ts';
import { waitFor } from '../helpers/settle.ts';
import { privateSessionBus, startNotificationServer } from './helpers/notification-bus.ts';

const DAY = 24 * 60 * 60 * 1000;

/** The values the fixture worker reported to `path` (JSON per query parameter), newest last. */
function reports(news: FixtureServer, path: string): Record<string, unknown>[] {
  return news.requests
    .filter((request) => request.path === path)
    .map((request) =>
      Object.fromEntries([...request.query].map(([key, value]) => [key, JSON.parse(value) as unknown])),
    );
}

async function nthReport(news: FixtureServer, path: string, n: number): Promise<Record<string, unknown>> {
  return waitFor(`report ${n} to ${path}`, () => reports(news, path)[n - 1], 15_000);
}

test('the headless host shows what a periodicsync handler notifies on the session bus, and the worker gets its clicks and dismissals', async (t) => {
  const address = await privateSessionBus((stop) => t.after(stop));
  const server = await startNotificationServer((stop) => t.after(stop), address);
  const news = await startFixtureServer('news');
  t.after(() => news.close());
  const dataDir = tempDataDir(t);
  const env = { ...process.env, DBUS_SESSION_BUS_ADDRESS: address };
  const serving = await startServeHost({
    dataDir,
    developerMode: true,
    settings: { minIntervalFloorMs: 0 },
    logger: testLogger,
    env,
  });
  t.after(() => serving.close());
  const { operations, host } = serving;
  const app = await operations.install({ url: `${news.origin}/` });
  const scope = `${news.origin}/`;
  for (const tag of ['notify', 'badge-3', 'report-notifications', 'report-permission'])
    host.core.register(app.id, scope, tag, DAY);
  const run = async (tag: string) => {
    const summary = await operations.run({ app: app.id, tag });
    assert.equal(summary.outcome, 'success', `${tag}: ${summary.error}`);
    return summary;
  };

  // Shown: the app's name, its saved icon, body, actions (the server has them), silent, its launcher.
  const notifyRun = await run('notify');
  const first = await server.nthNotify(1);
  assert.equal(first.app_name, 'Fixture News');
  assert.equal(first.summary, 'Fixture headline');
  assert.equal(first.body, 'Something happened');
  assert.equal(first.replaces_id, 0);
  assert.match(first.app_icon, /^file:\/\/.*\.png$/);
  assert.deepEqual(first.actions, ['default', 'Open', 'a0', 'Read', 'a1', 'Later']);
  assert.equal(first.hints['suppress-sound'], true);
  const desktopEntry = basename(launcherPath(app.id, { dataDir, env }));
  assert.equal(first.hints['desktop-entry'], desktopEntry.replace(/\.desktop$/, ''));
  assert.equal(first.expire_timeout, -1);
  assert.deepEqual(
    notifyRun.notifications.map(({ title, tag, shown }) => ({ title, tag, shown })),
    [{ title: 'Fixture headline', tag: 'news', shown: true }],
    "the run's history entry lists the notification it showed",
  );

  // The same tag replaces the earlier notification in place.
  await run('notify');
  const second = await server.nthNotify(2);
  assert.equal(second.replaces_id, first.id);
  await run('report-notifications');
  assert.deepEqual(await nthReport(news, '/notifications-seen', 1), {
    count: 1,
    titles: ['Fixture headline'],
  });

  // A click on an action wakes the stopped worker with notificationclick, event.notification and event.action.
  await (host.engine as ChromiumEngine).stopWorker(scope);
  await server.click(second.id, 'a0');
  assert.deepEqual(await nthReport(news, '/notification-event', 1), {
    kind: 'notificationclick',
    action: 'read',
    title: 'Fixture headline',
    tag: 'news',
    data: { story: 42 },
    isNotificationEvent: true,
  });
  await run('report-notifications');
  assert.deepEqual(await nthReport(news, '/notifications-seen', 2), { count: 0, titles: [] });

  // A dismissal is notificationclose.
  await run('notify');
  const third = await server.nthNotify(3);
  assert.equal(third.replaces_id, 0, 'the clicked notification is gone: nothing to replace');
  await server.dismiss(third.id);
  assert.deepEqual(await nthReport(news, '/notification-event', 2), {
    kind: 'notificationclose',
    action: '',
    title: 'Fixture headline',
    tag: 'news',
    data: { story: 42 },
    isNotificationEvent: true,
  });

  // Badges: the Unity LauncherEntry signal for the app's launcher, and the count in `list`.
  await run('badge-3');
  const badge = await waitFor('the LauncherEntry signal', () => server.launcherEntries()[0]);
  assert.equal(badge.app_uri, `application://${desktopEntry}`);
  assert.equal(badge.properties.count, 3);
  assert.equal(badge.properties['count-visible'], true);
  assert.equal(operations.list().find((each) => each.id === app.id)?.badge, 3);

  // Permission: granted for the installed app; a muted app reads denied and its notifications are only recorded.
  await run('report-permission');
  assert.deepEqual(await nthReport(news, '/permission-seen', 1), { permission: 'granted', query: 'granted' });
  assert.equal(operations.mute({ app: app.id }).notificationsMuted, true);
  await run('report-permission');
  assert.deepEqual(await nthReport(news, '/permission-seen', 2), { permission: 'denied', query: 'denied' });
  const mutedRun = await run('notify');
  assert.deepEqual(
    mutedRun.notifications.map(({ shown }) => shown),
    [false],
  );
  await new Promise((resolve) => setTimeout(resolve, 500));
  assert.equal(server.notifies().length, 3, 'a muted app shows nothing');
  const recorded = operations.notifications({ app: app.id });
  assert.equal(recorded[0]?.shown, false);
  assert.equal(recorded.length, 4);
  operations.unmute({ app: app.id });
  await run('notify');
  await server.nthNotify(4);
});

test('a task that keeps failing is told once, and again only after a success in between', async (t) => {
  const address = await privateSessionBus((stop) => t.after(stop));
  const server = await startNotificationServer((stop) => t.after(stop), address, ['body']);
  const news = await startFixtureServer('news');
  t.after(() => news.close());
  const dataDir = tempDataDir(t);
  const serving = await startServeHost({
    dataDir,
    developerMode: true,
    settings: { minIntervalFloorMs: 0 },
    logger: testLogger,
    env: { ...process.env, DBUS_SESSION_BUS_ADDRESS: address },
  });
  t.after(() => serving.close());
  const { operations, host } = serving;
  const app = await operations.install({ url: `${news.origin}/` });
  host.core.register(app.id, `${news.origin}/`, 'flaky', DAY);
  const alertsShown = () => server.notifies().filter((call) => call.app_name === 'PWA Host');
  const runFlaky = async (status: number) => {
    news.override('/flaky', { status, body: '' });
    const summary = await operations.run({ app: app.id, tag: 'flaky' });
    assert.equal(summary.outcome, status === 200 ? 'success' : 'failed');
  };

  await runFlaky(500);
  await runFlaky(500);
  assert.deepEqual(operations.alerts(), []);
  await runFlaky(500);
  const alert = await waitFor('the failure alert', () => alertsShown()[0]);
  assert.match(alert.summary, /Fixture News.*"flaky" keeps failing/);
  assert.match(alert.body, /3 times in a row.*flaky answered 500/);
  assert.deepEqual(
    operations.alerts().map(({ appId, tag, failures }) => ({ appId, tag, failures })),
    [{ appId: app.id, tag: 'flaky', failures: 3 }],
  );

  await runFlaky(500);
  await runFlaky(500);
  await runFlaky(500);
  await new Promise((resolve) => setTimeout(resolve, 500));
  assert.equal(alertsShown().length, 1, 'told once per failing streak');
  assert.deepEqual(
    operations.alerts().map(({ failures }) => failures),
    [6],
    'alerts counts the streak as it stands (it said "3+" for ever)',
  );

  await runFlaky(200);
  assert.deepEqual(operations.alerts(), [], 'a success clears the alert');
  await runFlaky(500);
  await runFlaky(500);
  await runFlaky(500);
  await waitFor('the second failure alert', () => alertsShown()[1]);
  assert.equal(alertsShown().length, 2);
});
