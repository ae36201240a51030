import assert from 'node:assert/strict';
import { once } from 'node:events';
import { existsSync, statSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { join } from 'node:path';
import { type TestContext, test } from 'node:test';
import { HostError } from '../../app/base/errors.ts';
import { ControlClient } from '../../app/control/control-client.ts';
import { type ControlServer, startControlServer } from '../../app/control/control-server.ts';
import { controlSocketPath, isNamedPipe } from '../../app/control/control-socket.ts';
import { MAX_REQUEST_BYTES } from '../../app/control/request-size.ts';
import { createApiClient } from '../../app/host/api-client.ts';
import { fixtureAppRecord } from '../helpers/fixture-app.ts';
import { tempDataDir } from '../helpers/harness.ts';
import { MemoryOperations, memoryRun } from './helpers/memory-operations.ts';
import { RawConnection } from './helpers/raw-connection.ts';
import { leaveStaleSocket } from './helpers/stale-socket.ts';

async function serveMemory(t: TestContext) {
  const dataDir = tempDataDir(t);
  const operations = new MemoryOperations();
  operations.apps.push(fixtureAppRecord('https://news.example', 'News'));
  const server = await startControlServer({ socketPath: controlSocketPath(dataDir), operations });
  t.after(() => server.close());
  return { dataDir, operations, server };
}

async function connectClient(t: TestContext, server: ControlServer) {
  const client = await ControlClient.connect(server.socketPath);
  assert.ok(client, 'the server should answer');
  t.after(() => client.close());
  return createApiClient(client);
}

test('every operation crosses the socket with its arguments and result intact', async (t) => {
  const { operations, server } = await serveMemory(t);
  const remote = await connectClient(t, server);
  operations.runList = [memoryRun('app-news', 'get-latest-news')];

  assert.deepEqual(await remote.list(), operations.apps);
  assert.deepEqual(await remote.syncs({ app: 'News' }), []);
  assert.deepEqual(await remote.runs({ app: 'News', tag: 'get-latest-news', limit: 5 }), operations.runList);
  assert.deepEqual(await remote.open({ app: 'app-news', path: '/article/1' }), {
    id: 'page-1',
    appId: 'app-news',
    url: 'https://app-news.example/article/1',
  });
  await remote.open({ app: 'app-news' });
  assert.equal(await remote.closePage({ id: 'page-1' }), null);
  assert.equal((await remote.run({ app: 'app-news', tag: 'get-latest-news' })).outcome, 'success');
  assert.equal((await remote.uninstall({ app: 'app-news' })).name, 'News');

  assert.deepEqual(operations.calls, [
    { op: 'list', args: [] },
    { op: 'syncs', args: ['News'] },
    { op: 'runs', args: [{ app: 'News', tag: 'get-latest-news', limit: 5 }] },
    { op: 'open', args: ['app-news', '/article/1'] },
    { op: 'open', args: ['app-news', undefined] },
    { op: 'closePage', args: ['page-1'] },
    { op: 'run', args: ['app-news', 'get-latest-news'] },
    { op: 'uninstall', args: ['app-news'] },
  ]);
});

test('install streams its progress before the final reply', async (t) => {
  const { server } = await serveMemory(t);
  const remote = await connectClient(t, server);
  const progress: unknown[] = [];
  const app = await remote.install(
    { url: 'https://mail.example/' },
    { onProgress: (step) => progress.push(step) },
  );
  assert.equal(app.origin, 'https://mail.example');
  assert.deepEqual(progress, [{ step: 'loading', detail: 'https://mail.example/' }, { step: 'done' }]);
});

test('errors thrown by operations come back as code and message', async (t) => {
  const { server } = await serveMemory(t);
  const remote = await connectClient(t, server);
  await assert.rejects(remote.uninstall({ app: 'nope' }), { name: 'HostError', code: 'app-not-found' });
  await assert.rejects(remote.run({ app: 'app-news', tag: 'missing' }), {
    code: 'NotFoundError',
    message: 'No registration "missing".',
  });
  await assert.rejects(remote.run({ app: 'app-news', tag: 'crash' }), {
    code: 'internal-error',
    message: 'engine exploded',
  });
  // The connection is still usable after failures.
  assert.equal((await remote.list()).length, 1);
});

test('malformed, unknown and invalid requests get error replies and the server carries on', async (t) => {
  const { server } = await serveMemory(t);
  const connection = await RawConnection.open(server.socketPath);
  t.after(() => connection.close());
  const cases: [string, unknown][] = [
    ['{not json', { id: null, ok: false, error: { code: 'invalid-json' } }],
    ['[1,2]', { id: null, ok: false, error: { code: 'invalid-request' } }],
    ['{"id":{"x":1},"op":"list"}', { id: null, ok: false, error: { code: 'invalid-request' } }],
    ['{"id":7,"op":"format-disk"}', { id: 7, ok: false, error: { code: 'unknown-operation' } }],
    ['{"id":"a","op":"toString"}', { id: 'a', ok: false, error: { code: 'unknown-operation' } }],
    ['{"id":8,"op":"install","args":{}}', { id: 8, ok: false, error: { code: 'invalid-request' } }],
    ['{"id":9,"op":"runs","args":{"limit":0}}', { id: 9, ok: false, error: { code: 'invalid-request' } }],
    ['{"id":10,"op":"open","args":"news"}', { id: 10, ok: false, error: { code: 'invalid-request' } }],
  ];
  for (const [line, expected] of cases) {
    connection.send(`${line}\n`);
    const reply = (await connection.next()) as { error: { code: string; message: string } };
    assert.partialDeepStrictEqual(reply, expected, line);
    assert.ok(reply.error.message.length > 0);
  }
  connection.send('\n{"id":11,"op":"list"}\n');
  assert.partialDeepStrictEqual(await connection.next(), { id: 11, ok: true, result: [{ name: 'News' }] });
});

test('a request line over 1 MiB is refused and its connection closed; others are unaffected', async (t) => {
  const { server } = await serveMemory(t);
  const bystander = await connectClient(t, server);

  const exact = await RawConnection.open(server.socketPath);
  t.after(() => exact.close());
  const request = '{"id":1,"op":"list","pad":""}';
  const padded = request.replace('""', `"${'x'.repeat(MAX_REQUEST_BYTES - request.length)}"`);
  assert.equal(Buffer.byteLength(padded), MAX_REQUEST_BYTES);
  exact.send(`${padded}\n`);
  assert.partialDeepStrictEqual(await exact.next(), { id: 1, ok: true });

  const tooLong = await RawConnection.open(server.socketPath);
  tooLong.send(`${padded}x`);
  assert.partialDeepStrictEqual(await tooLong.next(), {
    id: null,
    ok: false,
    error: { code: 'request-too-large' },
  });
  await tooLong.closed;

  assert.equal((await bystander.list()).length, 1);
});

test('a client that disconnects before its reply does not disturb the server', async (t) => {
  const { operations, server } = await serveMemory(t);
  let release = () => {};
  operations.runGate = new Promise((resolve) => {
    release = resolve;
  });
  const leaving = await RawConnection.open(server.socketPath);
  leaving.send('{"id":1,"op":"run","args":{"app":"app-news","tag":"t"}}\n');
  while (!operations.calls.some((call) => call.op === 'run')) await new Promise((r) => setTimeout(r, 5));
  leaving.close();
  await leaving.closed;
  release();
  const remote = await connectClient(t, server);
  assert.equal((await remote.list()).length, 1);
});

test('the socket is owner-only and removed when the server closes', async (t) => {
  const { server, dataDir } = await serveMemory(t);
  assert.equal(statSync(server.socketPath).mode & 0o777, 0o600);
  assert.equal(server.socketPath, join(dataDir, 'control.sock'));
  await server.close();
  assert.equal(existsSync(server.socketPath), false);
  assert.equal(await ControlClient.connect(server.socketPath), undefined);
});

test('a stale socket left by a killed host reads as no host, and a new server replaces it', async (t) => {
  const dataDir = tempDataDir(t);
  const socketPath = controlSocketPath(dataDir);
  await leaveStaleSocket(socketPath);
  assert.equal(await ControlClient.connect(socketPath), undefined);

  const server = await startControlServer({ socketPath, operations: new MemoryOperations() });
  t.after(() => server.close());
  const remote = await connectClient(t, server);
  assert.deepEqual(await remote.list(), []);
});

test('a socket something still listens on is never replaced', async (t) => {
  const dataDir = tempDataDir(t);
  const socketPath = controlSocketPath(dataDir);
  const other = createServer((socket) => {
    socket.on('error', () => {}); // the probe hangs up without reading
    socket.end('still here');
  });
  await new Promise<void>((resolve) => other.listen(socketPath, resolve));
  t.after(() => new Promise((resolve) => other.close(resolve)));

  await assert.rejects(
    startControlServer({ socketPath, operations: new MemoryOperations() }),
    (error) => error instanceof HostError && error.code === 'control-socket-in-use',
  );
  const greeting = connect(socketPath).setEncoding('utf8');
  const [text] = await once(greeting, 'data');
  assert.equal(text, 'still here');
});

test('the control channel is a socket in the data dir, or on Windows a named pipe named after it', () => {
  assert.equal(
    controlSocketPath('/home/ada/.local/share/pwa-host', 'linux'),
    '/home/ada/.local/share/pwa-host/control.sock',
  );
  const pipe = controlSocketPath('C:\\Users\\Ada\\AppData\\Roaming\\PWA Host', 'win32');
  assert.match(pipe, /^\\\\\.\\pipe\\pwa-host-[0-9a-f]{16}$/);
  assert.equal(isNamedPipe(pipe), true);
  assert.notEqual(pipe, controlSocketPath('C:\\Users\\Bob\\AppData\\Roaming\\PWA Host', 'win32'));
});
