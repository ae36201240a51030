import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { HostEventMessage } from '../../app/host/host-events.ts';
import { startFixtureServer } from '../fixtures/pwa-server.ts';
import { startChromiumHost } from '../helpers/chromium-host.ts';
import { chromiumHostOperations } from '../helpers/host-operations.ts';

test('installing, reinstalling and uninstalling an app are reported as host events (real Chromium)', async (t) => {
  const news = await startFixtureServer('news');
  t.after(() => news.close());
  const chromium = await startChromiumHost();
  t.after(() => chromium.close());
  const operations = chromiumHostOperations(chromium);
  t.after(() => operations.close());
  const received: HostEventMessage[] = [];
  operations.events.onAny((event, data) => received.push({ event, data } as HostEventMessage));
  const url = `${news.origin}/`;

  const installed = await operations.install({ url });
  const progress = received.filter((message) => message.event === 'install-progress');
  assert.ok(progress.length > 1, 'install reports its steps');
  assert.ok(
    progress.every((message) => message.event === 'install-progress' && message.data.url === url),
    'each step names the URL being installed',
  );
  assert.deepEqual(
    received.filter((message) => message.event.startsWith('app-')),
    [{ event: 'app-installed', data: installed }],
  );

  received.length = 0;
  const updated = await operations.install({ url });
  assert.deepEqual(
    received.filter((message) => message.event.startsWith('app-')),
    [{ event: 'app-updated', data: updated }],
  );

  received.length = 0;
  const removed = await operations.uninstall({ app: installed.id });
  assert.deepEqual(
    received.filter((message) => message.event.startsWith('app-')),
    [{ event: 'app-removed', data: removed }],
  );
});
