import assert from 'node:assert/strict';
import { test } from 'node:test';
import { pageRequests } from '../../app/control/page-requests.ts';
import type { ControlMessage } from '../../app/control/protocol.ts';
import { inProcessApi } from '../../app/host/in-process-api.ts';
import { messageApiClient, type PageMessage } from '../../app/host/message-api-client.ts';
import { isUiPageUrl, isUiRequestSender, type UiRequestSender } from '../../app/host/ui-page.ts';
import { MemoryOperations } from '../cli/helpers/memory-operations.ts';
import { testLogger } from '../helpers/chromium.ts';
import { fixtureAppRecord } from '../helpers/fixture-app.ts';
import { settle } from '../helpers/settle.ts';

/**
 * What a UI page may send over its channel (the DevTools binding of `pwa-host ui`, the Electron shell's
 * IPC) and what it gets back. The operations are a double at the operations port; the browser tests run
 * the same code against a real host.
 */
function channel() {
  const operations = new MemoryOperations();
  const sent: ControlMessage[] = [];
  const requests = pageRequests(inProcessApi(operations), (message) => sent.push(message), testLogger);
  return { operations, sent, requests };
}

test('a page request is validated before anything is called', async () => {
  const { operations, sent, requests } = channel();
  const cases: [unknown, RegExp][] = [
    [{ id: 1, op: 'nope', args: {} }, /unknown-operation/],
    [{ id: 2, op: 'pause', args: {} }, /invalid-request.*Invalid arguments for pause/],
    [{ id: 3, op: 'pause', args: { app: 7 } }, /invalid-request/],
    [{ id: 4, op: 'subscribe', args: { events: ['no-such-event'] } }, /invalid-request/],
    [{ id: 5, op: 'constructor', args: {} }, /unknown-operation/],
    [{ id: 6, op: '__proto__', args: {} }, /unknown-operation/],
  ];
  for (const [message] of cases) await requests.handle(message);
  // Not requests at all: dropped without a reply (there is no id to answer).
  await requests.handle('{"id":1}');
  await requests.handle({ op: 'list' });
  await requests.handle(null);
  assert.equal(sent.length, cases.length);
  for (const [index, [, expected]] of cases.entries()) assert.match(JSON.stringify(sent[index]), expected);
  assert.deepEqual(operations.calls, [], 'no operation ran');
});

test('a page calls operations, sees install progress and errors with their codes', async () => {
  const { operations, sent, requests } = channel();
  operations.apps.push(fixtureAppRecord('https://news.example', 'News'));
  await requests.handle({ id: 1, op: 'list', args: {} });
  await requests.handle({ id: 2, op: 'install', args: { url: 'https://mail.example/' } });
  await requests.handle({ id: 3, op: 'run', args: { app: 'News', tag: 'missing' } });
  await requests.handle({ id: 'text-id', op: 'status' });
  assert.deepEqual(
    sent.map((message) =>
      'progress' in message
        ? `progress ${message.progress.step}`
        : 'ok' in message
          ? `${message.id} ${message.ok}`
          : '',
    ),
    ['1 true', 'progress loading', 'progress done', '2 true', '3 false', 'text-id true'],
  );
  assert.deepEqual((sent[4] as { error: unknown }).error, {
    code: 'NotFoundError',
    message: 'No registration "missing".',
  });
});

test('a page follows events until it unsubscribes or its channel closes', async () => {
  const { operations, sent, requests } = channel();
  const app = fixtureAppRecord('https://news.example', 'News');
  await requests.handle({ id: 1, op: 'subscribe', args: { events: ['app-paused', 'connectivity'] } });
  operations.events.emit('app-paused', app);
  operations.events.emit('app-resumed', app); // not followed
  await requests.handle({ id: 2, op: 'unsubscribe', args: { events: ['app-paused'] } });
  operations.events.emit('app-paused', app);
  operations.events.emit('connectivity', { online: false });
  await requests.close();
  operations.events.emit('connectivity', { online: true });
  await requests.handle({ id: 3, op: 'list', args: {} }); // a closed channel answers nothing
  await settle();
  assert.deepEqual(
    sent.map((message) => ('event' in message ? message.event : `reply ${String(message.id)}`)),
    ['reply 1', 'app-paused', 'reply 2', 'connectivity'],
  );
});

test('the page-side client and the host side speak the same messages', async () => {
  const operations = new MemoryOperations();
  operations.apps.push(fixtureAppRecord('https://news.example', 'News'));
  let requests: ReturnType<typeof pageRequests> | undefined;
  const client = messageApiClient((request) => {
    // Through JSON both ways, as the binding and IPC carry it.
    void requests?.handle(JSON.parse(JSON.stringify(request)));
  });
  requests = pageRequests(
    inProcessApi(operations),
    (message) => client.receive(JSON.parse(JSON.stringify(message)) as PageMessage),
    testLogger,
  );
  const steps: string[] = [];
  const events: string[] = [];
  const stop = await client.api.subscribe(['app-paused'], (message) => events.push(message.event));
  assert.equal((await client.api.list()).length, 1);
  await client.api.install(
    { url: 'https://mail.example/' },
    { onProgress: (progress) => steps.push(progress.step) },
  );
  assert.deepEqual(steps, ['loading', 'done']);
  await assert.rejects(client.api.run({ app: 'News', tag: 'missing' }), { code: 'NotFoundError' });
  operations.events.emit('app-paused', operations.apps[0] as never);
  await settle();
  await stop();
  operations.events.emit('app-paused', operations.apps[0] as never);
  await settle();
  assert.deepEqual(events, ['app-paused']);
});

test('only the shell’s own UI origin counts as the UI page', () => {
  const cases: [string, boolean][] = [
    ['pwa-host://ui/index.html', true],
    ['pwa-host://ui/', true],
    ['pwa-host://ui.evil/index.html', false],
    ['pwa-host://uix/index.html', false],
    ['pwa-host://user@ui/index.html', false],
    ['pwa-host://app/index.html', false],
    ['https://ui/index.html', false],
    ['http://127.0.0.1:8080/', false],
    ['file:///ui/index.html', false],
    ['not a url', false],
    ['', false],
  ];
  for (const [url, expected] of cases) assert.equal(isUiPageUrl(url), expected, url);
});

test('the shell answers host API requests only from the UI page, top frame, host UI session', () => {
  const ui: UiRequestSender = {
    frameUrl: 'pwa-host://ui/index.html#/apps',
    topFrame: true,
    hostUiSession: true,
  };
  assert.equal(isUiRequestSender(ui), true);
  const refused: [string, typeof ui][] = [
    ['an app window (apps session) that reached the UI URL', { ...ui, hostUiSession: false }],
    ['an iframe of the UI origin', { ...ui, topFrame: false }],
    ['a frame already gone', { ...ui, frameUrl: null }],
    ['an installed app page', { ...ui, frameUrl: 'https://app.example/' }],
    ['a look-alike host', { ...ui, frameUrl: 'pwa-host://ui.evil/index.html' }],
    ['a blank page', { ...ui, frameUrl: 'about:blank' }],
  ];
  for (const [what, sender] of refused) assert.equal(isUiRequestSender(sender), false, what);
});
