import assert from 'node:assert/strict';
import { test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { managerUrl } from '../../app/desktop/host-pages.ts';
import { startFixtureServer } from '../fixtures/pwa-server.ts';
import { waitFor } from '../helpers/settle.ts';
import { servingHost } from './helpers/serving-host.ts';
import {
  focusedText,
  launchUiBrowser,
  openUiPage,
  screenshot,
  seriousAxeViolations,
} from './helpers/ui-browser.ts';

/** The fragment the desktop shell opens the manager at for `--install URL`, exactly as it builds it. */
function installFragment(url: string): string {
  const built = managerUrl(url);
  return built.slice(built.indexOf('#'));
}

test('--install URL opens the install form with the URL filled in, and only a person starts the install', async (t) => {
  const news = await startFixtureServer('news');
  t.after(() => news.close());
  const api = await servingHost(t);
  const browser = await launchUiBrowser(t);
  const asked = `${news.origin}/?from=launcher&x=a/b`;
  const { page, problems } = await openUiPage(browser, api, { fragment: installFragment(asked) });

  const followFragment = (fragment: string) => page.evaluate(`location.hash = ${JSON.stringify(fragment)}`);
  const urlField = page.getByLabel('App address (URL)');
  await page.getByText('PWA Host was asked to install this app.').waitFor();
  assert.equal(await urlField.inputValue(), asked);
  // The person starts at the address they are asked to check.
  await waitFor('the focus on the address field', async () =>
    page.evaluate("document.activeElement?.id === 'install-url'"),
  );
  await screenshot(page, 'install-asked-light');
  assert.deepEqual(await seriousAxeViolations(page), [], 'axe-core on the asked-to-install screen');
  // Nothing is installed until someone chooses Install (give a wrongly eager page time to show itself).
  await sleep(1500);
  assert.deepEqual(await api.list(), []);
  await page.getByText('No apps installed yet.').waitFor();

  await page.getByRole('button', { name: 'Install' }).click();
  await page.getByRole('status').filter({ hasText: 'Installed Fixture News.' }).waitFor({ timeout: 60_000 });
  assert.equal((await api.list()).length, 1);
  // The prompt goes with the install it asked about; the form is ready for another address.
  assert.equal(await page.getByText('PWA Host was asked to install this app.').count(), 0);
  assert.equal(await urlField.inputValue(), '');

  // A second `--install` while the window is open (the shell loads the new fragment): a fresh form.
  const other = 'https://other.example/app/';
  await followFragment(installFragment(other));
  await waitFor('the new address in the form', async () => (await urlField.inputValue()) === other);
  await page.getByText('PWA Host was asked to install this app.').waitFor();
  assert.equal((await api.list()).length, 1);

  // A fragment with a broken %-escape (typed by hand) is the apps screen, not a blank page.
  for (const broken of ['#/install/%E0%A4%A', '#/app/%E0']) {
    await followFragment(broken);
    await page.getByRole('heading', { name: 'Apps', level: 1 }).waitFor();
    await waitFor('the focus on the Apps heading', async () => (await focusedText(page)) === 'Apps');
  }
  assert.deepEqual(problems, []);
});
