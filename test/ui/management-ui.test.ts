import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Page } from 'playwright-core';
import { BIN, runProcess } from '../cli/helpers/run-cli.ts';
import { startFixtureServer } from '../fixtures/pwa-server.ts';
import { waitFor } from '../helpers/settle.ts';
import { servingHost } from './helpers/serving-host.ts';
import {
  focusedText,
  launchUiBrowser,
  openUiPage,
  screenshot,
  seriousAxeViolations,
  sidewaysOverflow,
} from './helpers/ui-browser.ts';

async function expectNoSeriousViolations(page: Page, screen: string): Promise<void> {
  const violations = await seriousAxeViolations(page);
  assert.deepEqual(
    violations,
    [],
    `axe-core on the ${screen} screen:\n${JSON.stringify(violations, null, 2)}`,
  );
}

/** A link of the top navigation (the app screen's breadcrumb also says "Apps"). */
function nav(page: Page, name: string) {
  return page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name });
}

async function attribute(page: Page, selector: string, name: string): Promise<string | null> {
  return page.locator(selector).getAttribute(name);
}

test('a person installs an app, runs a task, pauses it, changes a setting and uninstalls it', async (t) => {
  const news = await startFixtureServer('news');
  t.after(() => news.close());
  const api = await servingHost(t);
  const browser = await launchUiBrowser(t);
  const { page, problems } = await openUiPage(browser, api);

  // A new user sees what to do.
  await page.getByRole('heading', { name: 'Apps', level: 1 }).waitFor();
  await page.getByText('No apps installed yet.').waitFor();
  await expectNoSeriousViolations(page, 'empty apps');
  await screenshot(page, 'apps-empty-light');

  // A URL the host refuses: the error appears where it was typed, and the typed text stays.
  const urlField = page.getByLabel('App address (URL)');
  await urlField.fill('http://example.com/');
  await page.getByRole('button', { name: 'Install' }).click();
  const installError = page.locator('#install-error');
  await installError.waitFor();
  assert.match(await installError.innerText(), /http/i);
  assert.equal(await urlField.getAttribute('aria-invalid'), 'true');
  assert.equal(await urlField.getAttribute('aria-describedby'), 'install-error');
  assert.equal(await urlField.inputValue(), 'http://example.com/');
  await screenshot(page, 'install-error-light');

  // Install from the URL: the steps show as they happen, then the app with its registration.
  await urlField.fill(`${news.origin}/`);
  await page.getByRole('button', { name: 'Install' }).click();
  await page.getByRole('list', { name: 'Install progress' }).waitFor();
  await page.getByRole('status').filter({ hasText: 'Installed Fixture News.' }).waitFor({ timeout: 60_000 });
  const appLink = page.getByRole('link', { name: 'Fixture News' });
  await appLink.waitFor();
  const row = page.getByRole('row').filter({ has: appLink });
  await waitFor('the registration count in the apps list', async () =>
    (await row.innerText()).includes('\t1\t'),
  );
  assert.match(await row.innerText(), new RegExp(news.origin.replace(/[.:/]/g, '\\$&')));
  assert.match(await row.innerText(), /Active/);
  // The icon the app's manifest named, saved at install, shown from a data: URL (the CSP allows no other).
  assert.match((await row.locator('img').getAttribute('src')) ?? '', /^data:image\/png;base64,/);

  // Keyboard: the app's link is reachable by Tab and opens the app with Enter.
  await appLink.focus();
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { name: 'Fixture News', level: 1 }).waitFor();
  // Focus moves to the new screen's heading once it has rendered.
  await waitFor('the focus on the app heading', async () => (await focusedText(page)) === 'Fixture News');
  const registration = page
    .getByRole('region', { name: 'Table of periodic tasks' })
    .getByRole('row')
    .filter({ hasText: 'get-latest-news' });
  await registration.waitFor();
  assert.match(await registration.innerText(), /1 d/); // asked for a day; the floor is 0 in developer mode
  await page.getByText('Nothing has run yet.').waitFor();

  // Run now: the outcome shows in the row, and the run appears in the history and the chart.
  await page.getByRole('button', { name: 'Run now get-latest-news' }).click();
  await registration
    .getByRole('status')
    .filter({ hasText: /Succeeded in/ })
    .waitFor({ timeout: 60_000 });
  const runs = page.getByRole('region', { name: 'Table of runs' });
  // The row appears as the run starts (Running), then shows its outcome when it ends: both live.
  await runs.getByRole('row').filter({ hasText: 'Run now' }).filter({ hasText: 'Succeeded' }).waitFor();
  assert.match((await page.getByRole('img').getAttribute('aria-label')) ?? '', /1 succeeded/);
  await expectNoSeriousViolations(page, 'app');
  await screenshot(page, 'app-light');

  // The app's own interval floor: a bad value is refused beside the field; a longer floor than the app asked
  // for becomes its interval; "Use the host's" goes back.
  const appFloor = page.getByLabel('Interval floor');
  await appFloor.fill('often');
  await page.getByRole('button', { name: 'Save interval floor' }).click();
  await page.locator('#app-floor-error').waitFor();
  assert.match(await page.locator('#app-floor-error').innerText(), /"often" is not a duration/);
  assert.equal(await appFloor.getAttribute('aria-invalid'), 'true');
  await appFloor.fill('2d');
  await page.getByRole('button', { name: 'Save interval floor' }).click();
  await waitFor('the longer floor in the table', async () =>
    /1 d\s+2 d/.test(await registration.innerText()),
  );
  assert.equal(await page.locator('#app-floor-error').count(), 0);
  await page.getByRole('button', { name: "Use the host's" }).click();
  await waitFor('the app back on the host floor', async () =>
    /1 d\s+1 d/.test(await registration.innerText()),
  );

  // A registration changing elsewhere (the app's page, opened by the host, asks for two days) shows live.
  const opened = await api.open({ app: 'Fixture News', path: '/?interval=172800000' });
  await waitFor(
    'the new interval in the table',
    async () => /2 d\s+2 d/.test(await registration.innerText()),
    30_000,
  );
  await api.closePage({ id: opened.id });

  // Filters: an outcome with no runs empties the table; back to any outcome shows the run again.
  await page.getByLabel('Outcome').selectOption('failed');
  await page.getByText('No run matches these filters.').waitFor();
  await page.getByLabel('Outcome').selectOption('all');
  await page.getByLabel('Tag').selectOption('get-latest-news');
  await runs.waitFor();

  // Pause, then see it paused; resumed from the CLI side, it shows live with no reload.
  await page.getByRole('button', { name: 'Pause background tasks' }).click();
  await page.getByRole('button', { name: 'Resume background tasks' }).waitFor();
  assert.match(await page.locator('.facts').innerText(), /Paused/);
  assert.match(await registration.innerText(), /paused/);
  const resumed = await runProcess(BIN, ['--data-dir', api.dataDir, 'resume', 'Fixture News']);
  assert.equal(resumed.exitCode, 0, resumed.stderr);
  await page.getByRole('button', { name: 'Pause background tasks' }).waitFor();
  assert.match(await page.locator('.facts').innerText(), /Active/);
  await api.pause({ app: 'Fixture News' });
  await page.getByRole('button', { name: 'Resume background tasks' }).waitFor();
  // A run started from the CLI appears live too.
  const cliRun = await api.run({ app: 'Fixture News', tag: 'get-latest-news' });
  await waitFor('the CLI run in the table', async () => (await runs.getByRole('row').count()) === 3);
  assert.equal(cliRun.outcome, 'success');

  // Host: status and settings; a bad value is refused inline and kept for correcting.
  await nav(page, 'Host').click();
  await page.getByRole('heading', { name: 'Host', level: 1 }).waitFor();
  assert.match(await page.locator('.facts').innerText(), /Online/);
  assert.match(await page.locator('.facts').innerText(), /Browser\s+running/);
  const floor = page.getByLabel('interval-floor');
  await floor.fill('soon');
  await page.getByRole('button', { name: 'Save interval-floor' }).click();
  await page.locator('#setting-interval-floor-error').waitFor();
  assert.match(await page.locator('#setting-interval-floor-error').innerText(), /"soon" is not a duration/);
  assert.equal(await floor.getAttribute('aria-invalid'), 'true');
  assert.match((await attribute(page, '#setting-interval-floor', 'aria-describedby')) ?? '', /error/);
  assert.equal(await floor.inputValue(), 'soon');
  await expectNoSeriousViolations(page, 'host');
  await screenshot(page, 'host-setting-error-light');
  await floor.fill('30m');
  await page.getByRole('button', { name: 'Save interval-floor' }).click();
  await page.locator('.setting').filter({ has: floor }).getByText('Saved').waitFor();
  assert.equal(await page.locator('#setting-interval-floor-error').count(), 0);
  // A setting changed from the CLI shows live.
  await api.configSet({ key: 'runs-kept', value: '25' });
  await waitFor(
    'the CLI setting in its field',
    async () => (await page.getByLabel('runs-kept').inputValue()) === '25',
  );

  // Uninstall, with a confirmation that says what goes; Escape cancels it first.
  await nav(page, 'Apps').click();
  await page.getByRole('button', { name: 'Uninstall Fixture News' }).click();
  const dialog = page.getByRole('dialog', { name: 'Uninstall Fixture News?' });
  await dialog.waitFor();
  await dialog.getByText('2 recorded runs').waitFor();
  const said = await dialog.innerText();
  assert.match(said, /1 periodic sync registration\b/);
  assert.match(said, /storage/);
  assert.equal(await focusedText(page), 'Cancel');
  await expectNoSeriousViolations(page, 'uninstall dialog');
  await screenshot(page, 'uninstall-dialog-light');
  await page.keyboard.press('Escape');
  await dialog.waitFor({ state: 'detached' });
  await waitFor(
    'the focus back where it was',
    async () => (await focusedText(page)) === 'Uninstall Fixture News',
  );
  await page.getByRole('button', { name: 'Uninstall Fixture News' }).click();
  await dialog.getByRole('button', { name: 'Uninstall Fixture News' }).click();
  await page.getByText('No apps installed yet.').waitFor({ timeout: 30_000 });
  assert.deepEqual(await api.list(), []);
  await waitFor(
    'the focus on the heading once the app went',
    async () => (await focusedText(page)) === 'Apps',
  );

  assert.deepEqual(problems, [], 'no page error and no CSP violation during the walk');
});

test('every main screen in light and dark, and at 200 % zoom, for review; no serious axe findings in dark', async (t) => {
  const news = await startFixtureServer('news');
  t.after(() => news.close());
  const mail = await startFixtureServer('mail');
  t.after(() => mail.close());
  const api = await servingHost(t);
  await api.install({ url: `${news.origin}/` });
  await api.install({ url: `${mail.origin}/` });
  await api.run({ app: 'Fixture News', tag: 'get-latest-news' });
  await api.run({ app: 'Fixture News', tag: 'get-latest-news' });
  const browser = await launchUiBrowser(t);
  const mailApp = (await api.list()).find((app) => app.name !== 'Fixture News');
  const newsApp = (await api.list()).find((app) => app.name === 'Fixture News');
  assert.ok(mailApp && newsApp);

  for (const colorScheme of ['light', 'dark'] as const) {
    const { page, problems } = await openUiPage(browser, api, { colorScheme });
    await page.getByRole('link', { name: 'Fixture News' }).waitFor();
    await screenshot(page, `apps-${colorScheme}`);
    if (colorScheme === 'dark') await expectNoSeriousViolations(page, 'apps (dark)');
    await page.getByRole('link', { name: 'Fixture News' }).click();
    await page.getByRole('region', { name: 'Table of runs' }).waitFor();
    await screenshot(page, `app-with-runs-${colorScheme}`);
    if (colorScheme === 'dark') await expectNoSeriousViolations(page, 'app (dark)');
    await nav(page, 'Apps').click();
    await page.getByRole('link', { name: mailApp.name }).click();
    await page.getByText('has not registered any periodic task yet').waitFor();
    await screenshot(page, `app-empty-${colorScheme}`);
    await nav(page, 'Host').click();
    await page.getByLabel('interval-floor').waitFor();
    await screenshot(page, `host-${colorScheme}`);
    if (colorScheme === 'dark') await expectNoSeriousViolations(page, 'host (dark)');
    assert.deepEqual(problems, []);
  }

  // 200 % zoom: CSS pixels are halved; every screen reflows with no sideways scrolling of the page.
  const zoomed = await openUiPage(browser, api, {
    viewport: { width: 640, height: 430 },
    deviceScaleFactor: 2,
  });
  for (const [hash, name] of [
    ['#/apps', 'apps'],
    [`#/app/${encodeURIComponent(newsApp.id)}`, 'app'],
    ['#/host', 'host'],
  ] as const) {
    await zoomed.page.evaluate(`location.hash = ${JSON.stringify(hash)}`);
    await zoomed.page.locator('h1').waitFor();
    await zoomed.page.waitForTimeout(200);
    await screenshot(zoomed.page, `${name}-zoom-200`);
    const overflow = await sidewaysOverflow(zoomed.page);
    assert.ok(
      overflow.by <= 1,
      `the ${name} screen scrolls sideways at 200 % zoom by ${overflow.by} px: ${overflow.wide.join(', ')}`,
    );
  }

  // The window reaches no network: a navigation away from the UI is refused before any request leaves.
  await assert.rejects(zoomed.page.goto(`${news.origin}/?from-ui`), /ERR_BLOCKED_BY_CLIENT/);
  assert.equal(
    news.requests.some((request) => request.query.has('from-ui')),
    false,
  );
});
