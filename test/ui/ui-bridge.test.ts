import assert from 'node:assert/strict';
import { test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { BRIDGE_BINDING } from '../../app/headless/ui/ui-bridge-protocol.ts';
import type { HostApi } from '../../app/host/host-api.ts';
import { waitFor } from '../helpers/settle.ts';
import { servingHost } from './helpers/serving-host.ts';
import { launchUiBrowser, openUiPage } from './helpers/ui-browser.ts';

const frameTreeOf = (value: unknown) => value as { frameTree: { frame: { id: string } } };

async function concurrency(api: HostApi): Promise<string | undefined> {
  return (await api.config()).find((entry) => entry.key === 'concurrency')?.value;
}

test('pwa-host ui: only the UI page’s own main world reaches the host through the binding', async (t) => {
  const api = await servingHost(t);
  const before = await concurrency(api);
  const browser = await launchUiBrowser(t);
  const { page, problems, cdp } = await openUiPage(browser, api);
  await page.getByRole('heading', { name: 'Apps', level: 1 }).waitFor();

  // Another world of the same page and origin (what an extension or an injected script would use), made
  // on the bridge's own session so the bridge sees it being created: the binding is there, as DevTools
  // installs it in every context, but what it sends is not answered.
  const { frameTree } = frameTreeOf(await cdp.send('Page.getFrameTree'));
  const { executionContextId } = await cdp.send('Page.createIsolatedWorld', {
    frameId: frameTree.frame.id,
    worldName: 'intruder',
  });
  const request = JSON.stringify({ id: 1, op: 'configSet', args: { key: 'concurrency', value: '5' } });
  const sent = await cdp.send('Runtime.evaluate', {
    contextId: executionContextId,
    expression: `typeof ${BRIDGE_BINDING} === 'function' && (${BRIDGE_BINDING}(${JSON.stringify(request)}), true)`,
    returnByValue: true,
  });
  assert.equal(
    sent.result.value,
    true,
    'the isolated world could call the binding (so refusing it is tested)',
  );

  // Junk from the page's own world is refused with an error, and nothing breaks.
  await page.evaluate(`${BRIDGE_BINDING}('not json'); ${BRIDGE_BINDING}('{"id":"junk","op":"rm -rf"}')`);

  // A round trip from the page's own world, sent after those: by its answer the host has had them too.
  const seen = await page.evaluate(
    `window.pwaHost.config().then((entries) => entries.find((entry) => entry.key === 'concurrency').value)`,
  );
  await sleep(300); // requests are handled concurrently: give a wrongly accepted configSet time to land
  assert.equal(seen, before);
  assert.equal(await concurrency(api), before, 'the isolated world’s concurrency 5 was not applied');
  assert.notEqual(before, '5');

  // The page's own world is answered (so the refusal above is not a bridge that answers nobody).
  await page.evaluate(`window.pwaHost.configSet({ key: 'concurrency', value: '2' })`);
  await waitFor('the UI page’s own change', async () => (await concurrency(api)) === '2');
  assert.deepEqual(problems, []);
});
