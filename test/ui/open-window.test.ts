import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ManualConnectivity } from '../../app/connectivity/connectivity.ts';
import { createHost } from '../../app/host/create-host.ts';
import { inProcessApi } from '../../app/host/in-process-api.ts';
import { fixtureApp, tempDataDir } from '../helpers/harness.ts';
import { testEngineHostOperations } from '../helpers/host-operations.ts';
import { waitFor } from '../helpers/settle.ts';
import { TestEngine } from '../helpers/test-engine.ts';
import { launchUiBrowser, openUiPage } from './helpers/ui-browser.ts';

/** A real host (SQLite, core) on the test engine with one app, under a shell that has windows or none. */
async function hostWithOneApp(t: import('node:test').TestContext, openApp?: (appId: string) => void) {
  const origin = 'https://news.example';
  const host = await createHost({
    dataDir: tempDataDir(t),
    engine: new TestEngine([`${origin}/`]),
    connectivity: new ManualConnectivity(true),
  });
  const app = host.store.apps.upsert(fixtureApp(origin, 'News'), Date.now());
  const operations = testEngineHostOperations(host, undefined, openApp && ((target) => openApp(target.id)));
  t.after(async () => {
    await operations.close();
    await host.close();
  });
  return { app, api: inProcessApi(operations) };
}

test('in a shell with windows the app screen offers to open the app, and a click opens its window', async (t) => {
  const opened: string[] = [];
  const { app, api } = await hostWithOneApp(t, (appId) => opened.push(appId));
  const browser = await launchUiBrowser(t);
  const { page, problems } = await openUiPage(browser, api, {
    fragment: `#/app/${encodeURIComponent(app.id)}`,
  });

  await page.getByRole('heading', { name: 'News', level: 1 }).waitFor();
  await page.getByRole('button', { name: 'Open News' }).click();
  await waitFor('the shell asked to open the window', () => opened.length === 1);
  assert.deepEqual(opened, [app.id]);
  assert.deepEqual(problems, []);
});

test('a host without windows (pwa-host serve) offers no Open button', async (t) => {
  const { app, api } = await hostWithOneApp(t);
  const browser = await launchUiBrowser(t);
  const { page, problems } = await openUiPage(browser, api, {
    fragment: `#/app/${encodeURIComponent(app.id)}`,
  });

  await page.getByRole('heading', { name: 'News', level: 1 }).waitFor();
  await page.getByRole('button', { name: 'Pause background tasks' }).waitFor();
  assert.equal(await page.getByRole('button', { name: 'Open News' }).count(), 0);
  assert.deepEqual(problems, []);
});
