import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FIXTURE_PORTS } from '../fixtures/pwa-server.ts';
import { ApiServer, startOutboxApp } from '../helpers/outbox-app.ts';
import { waitFor } from '../helpers/settle.ts';
import { expectNoSeriousViolations, servingHost } from './helpers/serving-host.ts';
import { launchUiBrowser, openUiPage, screenshot } from './helpers/ui-browser.ts';

const TAG = 'workbox-background-sync:outbox';

test('an app’s screen shows what waits to sync, live, with its attempt and error, and sends it with Run now', async (t) => {
  // Workbox queues two POSTs while the worker activates; the API is down, so its sync stays pending.
  const apiServer = new ApiServer(FIXTURE_PORTS.mail);
  t.after(() => apiServer.down());
  const app = await startOutboxApp(`${apiServer.origin}/messages`);
  t.after(() => app.close());
  const api = await servingHost(t);
  await api.install({ url: `${app.origin}/` });
  await waitFor('a failed attempt', async () =>
    (await api.syncs()).some((sync) => sync.kind === 'one-off' && sync.lastOutcome === 'failed'),
  );

  const browser = await launchUiBrowser(t);
  const { page } = await openUiPage(browser, api);
  // Uninstalling now would lose what waits to be sent: the confirmation says so (and Cancel keeps it).
  await page.getByRole('button', { name: 'Uninstall Fixture Outbox' }).click();
  const dialog = page.getByRole('dialog', { name: 'Uninstall Fixture Outbox?' });
  await dialog.getByText('1 one-off sync not yet sent').waitFor();
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await page.getByRole('link', { name: 'Fixture Outbox' }).click();
  await page.getByRole('heading', { name: 'Waiting to sync', level: 2 }).waitFor();
  const row = page
    .getByRole('region', { name: 'Table of one-off syncs' })
    .getByRole('row')
    .filter({ hasText: TAG });
  await row.waitFor();
  assert.match(await row.innerText(), /2 of 3/);
  assert.match(await row.innerText(), /Failed/);
  assert.match(await row.innerText(), /queue-replay-failed|Failed to fetch|failed/i);
  await expectNoSeriousViolations(page, 'app with one-off syncs');
  await screenshot(page, 'app-one-off-light');

  // Run now while the API is still down: the attempt fails, and the sync stays (a manual run uses up none).
  await page.getByRole('button', { name: `Run now ${TAG}` }).click();
  await row
    .getByRole('status')
    .filter({ hasText: /^Failed/ })
    .waitFor({ timeout: 60_000 });
  assert.match(await row.innerText(), /2 of 3/);

  // The API is back: Run now sends both POSTs, and the row goes away by itself (host events, no polling).
  await apiServer.up();
  await page.getByRole('button', { name: `Run now ${TAG}` }).click();
  await page
    .getByRole('heading', { name: 'Waiting to sync' })
    .waitFor({ state: 'detached', timeout: 60_000 });
  await apiServer.waitForBody('queued while activating');
  await apiServer.waitForBody('queued next while activating');
  const history = page.getByRole('region', { name: 'Table of runs' });
  await history
    .getByRole('row')
    .filter({ hasText: 'One-off sync: run now' })
    .filter({ hasText: 'Succeeded' })
    .waitFor();
});

test('a one-off sync given up is marked “Not sent” in the apps list and explained on the app’s screen', async (t) => {
  const apiServer = new ApiServer(FIXTURE_PORTS.mail);
  t.after(() => apiServer.down());
  const app = await startOutboxApp(`${apiServer.origin}/messages`);
  t.after(() => app.close());
  const api = await servingHost(t);
  // One attempt in all: the first failure is the last, and the host gives the sync up.
  await api.configSet({ key: 'one-off-attempts', value: '1' });
  await api.install({ url: `${app.origin}/` });
  await waitFor('the sync given up', async () =>
    (await api.alerts()).some((alert) => alert.kind === 'one-off' && alert.tag === TAG),
  );

  const browser = await launchUiBrowser(t);
  const { page } = await openUiPage(browser, api);
  const appLink = page.getByRole('link', { name: 'Fixture Outbox' });
  const listRow = page.getByRole('row').filter({ has: appLink });
  await listRow.getByText('Not sent').waitFor();
  assert.match(
    await listRow.innerText(),
    new RegExp(`Not sent\\s*: One-off sync “${TAG}” gave up sending after 1 failed attempt\\. Last error:`),
  );
  await appLink.click();
  const banner = page.getByRole('region', { name: 'A one-off sync was given up' });
  await banner.waitFor();
  assert.match(await banner.innerText(), /One-off sync\s+workbox-background-sync:outbox\s+gave up sending/);
  assert.match(
    await banner.innerText(),
    /did not arrive: it is tried again when the app registers the sync again, and the mark goes once it succeeds/,
  );
  await expectNoSeriousViolations(page, 'app with a one-off sync given up');
  await screenshot(page, 'app-one-off-given-up-light');
});
