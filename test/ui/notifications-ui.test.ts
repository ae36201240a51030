import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { AppRecord } from '../../app/host/host-operations.ts';
import { BIN, runProcess } from '../cli/helpers/run-cli.ts';
import { startFixtureServer } from '../fixtures/pwa-server.ts';
import { waitFor } from '../helpers/settle.ts';
import { privateSessionBus, startNotificationServer } from '../notifications/helpers/notification-bus.ts';
import { expectNoSeriousViolations, servingHost } from './helpers/serving-host.ts';
import { launchUiBrowser, openUiPage, screenshot, sidewaysOverflow } from './helpers/ui-browser.ts';

const DAY = 24 * 60 * 60 * 1000;

test('a person mutes and unmutes an app, sees its badge, its failing task marked until it succeeds, and what its runs showed', async (t) => {
  // The headless host shows notifications on the session bus: a private one, with a server that records.
  const address = await privateSessionBus((stop) => t.after(stop));
  const server = await startNotificationServer((stop) => t.after(stop), address);
  const news = await startFixtureServer('news');
  t.after(() => news.close());
  const env = { DBUS_SESSION_BUS_ADDRESS: address };
  const api = await servingHost(t, env);
  const cli = (...args: string[]) => runProcess(BIN, ['--data-dir', api.dataDir, ...args], env);
  const cliApps = async () => JSON.parse((await cli('--json', 'list')).stdout) as AppRecord[];
  await api.configSet({ key: 'failure-alert-after', value: '2' });
  news.override('/flaky', { status: 500, body: '' });
  // Daily tasks: nothing fires on its own during the walk, only the runs it starts.
  const worker = `sw.js?install-tag=flaky&install-tag=notify&install-tag=badge-3&install-interval=${DAY}`;
  await api.install({ url: `${news.origin}/?no-register&sw=${encodeURIComponent(worker)}` });
  assert.deepEqual(await api.runs({}), []);

  const browser = await launchUiBrowser(t);
  const { page, problems } = await openUiPage(browser, api);
  const appLink = page.getByRole('link', { name: 'Fixture News' });
  await appLink.waitFor();
  const row = page.getByRole('row').filter({ has: appLink });
  const muteInList = row.getByRole('button', { name: 'Mute notifications from Fixture News', exact: true });
  const unmuteInList = row.getByRole('button', {
    name: 'Unmute notifications from Fixture News',
    exact: true,
  });

  // Names match exactly: "Unmute …" contains "mute …", and Playwright matches substrings otherwise.
  // Mute from the apps list (by keyboard): the CLI sees it; unmuted from the CLI, the list follows live.
  await muteInList.focus();
  await page.keyboard.press('Enter');
  await unmuteInList.waitFor();
  assert.match(await row.innerText(), /Muted/);
  assert.equal((await cliApps())[0]?.notificationsMuted, true);
  assert.match((await cli('list')).stdout, /Fixture News\s+\S+\s+no\s+yes\s+-\n/);
  const unmuted = await cli('unmute', 'Fixture');
  assert.equal(unmuted.exitCode, 0, unmuted.stderr);
  await muteInList.waitFor();
  assert.match(await row.innerText(), /\bOn\b/);

  // The badge the worker sets shows beside the app, read out in words, as `list` shows it.
  await api.run({ app: 'Fixture News', tag: 'badge-3' });
  await row.getByText('App badge: 3').waitFor();
  assert.equal((await cliApps())[0]?.badge, 3);

  // The app screen: run "notify" from the UI; its history entry and the recent notifications list it.
  await appLink.click();
  await page.getByRole('heading', { name: 'Fixture News', level: 1 }).waitFor();
  assert.match(await page.locator('.facts').innerText(), /Notifications\s+On/);
  assert.match(await page.locator('.facts').innerText(), /Badge\s+3/);
  await page.getByText('This app has not shown any notification yet.').waitFor();
  await page.getByRole('button', { name: 'Run now notify' }).click();
  const runs = page.getByRole('region', { name: 'Table of runs' });
  await runs.getByRole('row').filter({ hasText: 'notify' }).filter({ hasText: 'Fixture headline' }).waitFor({
    timeout: 60_000,
  });
  const notifications = page.getByRole('region', { name: 'Table of notifications' });
  const shownRow = notifications.getByRole('row').filter({ hasText: 'Fixture headline' });
  await shownRow.waitFor();
  assert.match(await shownRow.innerText(), /Something happened\s+news\s+Service worker\s+Shown/);
  await waitFor('the Notify call', () =>
    server.notifies().some((call) => call.summary === 'Fixture headline'),
  );

  // Mute on the app screen: a run's notification is then recorded only, and both tables say so, live.
  await page.getByRole('button', { name: 'Mute notifications', exact: true }).click();
  await page.getByRole('button', { name: 'Unmute notifications', exact: true }).waitFor();
  assert.match(await page.locator('.facts').innerText(), /Notifications\s+Muted/);
  assert.equal((await api.list())[0]?.notificationsMuted, true);
  const shownBefore = server.notifies().length;
  const ran = await cli('run', 'Fixture', 'notify');
  assert.equal(ran.exitCode, 0, ran.stderr);
  await runs.getByRole('row').filter({ hasText: 'Fixture headline (recorded only)' }).waitFor();
  await notifications.getByRole('row').filter({ hasText: 'Recorded only' }).waitFor();
  assert.equal(await notifications.getByRole('row').count(), 3, 'a header and two notifications');
  assert.equal(server.notifies().length, shownBefore, 'a muted app shows nothing');

  // A task that fails twice in a row ("failure-alert-after" 2): no mark after one failure, then the mark
  // with the tag and the last error, here and in the list, and the host's own notification, once.
  await page.getByRole('button', { name: 'Run now flaky' }).click();
  await runs.getByRole('row').filter({ hasText: 'flaky answered 500' }).waitFor({ timeout: 60_000 });
  assert.equal(await page.getByText(/Failing: Background task/).count(), 0, 'one failure is no streak');
  await api.run({ app: 'Fixture News', tag: 'flaky' });
  const failing = page.getByRole('region', { name: 'A background task keeps failing' });
  await failing.waitFor();
  assert.match(
    await failing.innerText(),
    /flaky failed 2 times in a row \(alerted (now|\d+ s ago)\)\. Last error: Error: flaky answered 500/,
  );
  const mark = page.locator('.app-heading').getByText(/Failing: Background task/);
  assert.match(
    (await mark.textContent()) ?? '',
    /Failing: Background task “flaky” failed 2 times in a row\. Last error: Error: flaky answered 500/,
  );
  const told = await waitFor('the failure alert', () =>
    server.notifies().find((call) => /keeps failing/.test(call.summary)),
  );
  assert.equal(told.app_name, 'PWA Host');
  await expectNoSeriousViolations(page, 'app with notifications and a failing task');
  await screenshot(page, 'app-notifications-light');
  await api.run({ app: 'Fixture News', tag: 'flaky' });
  assert.equal(
    server.notifies().filter((call) => /keeps failing/.test(call.summary)).length,
    1,
    'told once per failing streak',
  );

  // Back to the list: the mark is there too; a success (the server answers again) clears it live.
  await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Apps' }).click();
  const listMark = row.getByText(/Failing: Background task/);
  await listMark.waitFor();
  // The third failure since the alert counts: the mark says the streak as it stands.
  assert.match(
    (await listMark.textContent()) ?? '',
    /“flaky” failed 3 times in a row\. Last error: Error: flaky answered 500/,
  );
  await expectNoSeriousViolations(page, 'apps with a badge, a mark and a muted app');
  await screenshot(page, 'apps-notifications-light');
  news.override('/flaky', { status: 200, body: '' });
  const fixed = await cli('run', 'Fixture', 'flaky');
  assert.equal(fixed.exitCode, 0, fixed.stderr);
  await listMark.waitFor({ state: 'detached' });
  assert.deepEqual(await api.alerts(), []);
  assert.deepEqual(problems, [], 'no page error and no CSP violation during the walk');

  // Dark, and 200 % zoom, with a failing task marked again.
  news.override('/flaky', { status: 500, body: '' });
  await api.run({ app: 'Fixture News', tag: 'flaky' });
  await api.run({ app: 'Fixture News', tag: 'flaky' });
  assert.equal((await api.alerts()).length, 1);
  const app = (await api.list())[0];
  assert.ok(app);
  const dark = await openUiPage(browser, api, { colorScheme: 'dark' });
  await dark.page.getByRole('link', { name: 'Fixture News' }).waitFor();
  await dark.page.getByText(/Failing: Background task/).waitFor();
  await screenshot(dark.page, 'apps-notifications-dark');
  await expectNoSeriousViolations(dark.page, 'apps (dark) with a mark');
  await dark.page.getByRole('link', { name: 'Fixture News' }).click();
  await dark.page.getByRole('region', { name: 'A background task keeps failing' }).waitFor();
  await dark.page.getByRole('region', { name: 'Table of notifications' }).waitFor();
  await screenshot(dark.page, 'app-notifications-dark');
  await expectNoSeriousViolations(dark.page, 'app (dark) with notifications and a failing task');
  const zoomed = await openUiPage(browser, api, {
    viewport: { width: 640, height: 430 },
    deviceScaleFactor: 2,
  });
  for (const [hash, name] of [
    ['#/apps', 'apps'],
    [`#/app/${encodeURIComponent(app.id)}`, 'app'],
  ] as const) {
    await zoomed.page.evaluate(`location.hash = ${JSON.stringify(hash)}`);
    await zoomed.page
      .getByText(/Failing: Background task/)
      .first()
      .waitFor();
    await zoomed.page.waitForTimeout(200);
    await screenshot(zoomed.page, `${name}-notifications-zoom-200`);
    const overflow = await sidewaysOverflow(zoomed.page);
    assert.ok(
      overflow.by <= 1,
      `the ${name} screen scrolls sideways at 200 % zoom by ${overflow.by} px: ${overflow.wide.join(', ')}`,
    );
  }
  assert.deepEqual([...dark.problems, ...zoomed.problems], []);
});
