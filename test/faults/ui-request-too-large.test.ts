import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MAX_REQUEST_BYTES } from '../../app/control/request-size.ts';
import { servingHost } from '../ui/helpers/serving-host.ts';
import { launchUiBrowser, openUiPage } from '../ui/helpers/ui-browser.ts';

test('a UI page request over the size limit is refused on its own; the management UI stays connected', async (t) => {
  const api = await servingHost(t);
  const browser = await launchUiBrowser(t);
  const { page } = await openUiPage(browser, api);
  await page.getByRole('heading', { name: 'Apps', level: 1 }).waitFor();

  const refused = await page.evaluate(
    `window.pwaHost.install({ url: 'http://127.0.0.1/' + 'x'.repeat(${MAX_REQUEST_BYTES}) }).then(
      () => 'installed',
      (error) => ({ code: error.code, message: error.message }),
    )`,
  );
  assert.partialDeepStrictEqual(refused, { code: 'request-too-large' });
  assert.match((refused as { message: string }).message, /larger than the 1048576 bytes/);

  // The same page, through the same bridge and control connection, is still answered.
  const entries = (await page.evaluate('window.pwaHost.config()')) as { key: string }[];
  assert.ok(entries.some((entry) => entry.key === 'concurrency'));
  assert.ok((await api.status()) !== undefined, 'the connection the UI used still serves');
});
