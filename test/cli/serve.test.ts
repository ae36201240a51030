import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { type TestContext, test } from 'node:test';
import { ControlClient } from '../../app/control/control-client.ts';
import { controlSocketPath } from '../../app/control/control-socket.ts';
import { STOP_GRACE_MS, serve } from '../../app/headless/cli/serve.ts';
import type { ServeHostOptions } from '../../app/headless/headless-host.ts';
import { createApiClient } from '../../app/host/api-client.ts';
import { HostLock } from '../../app/store/host-lock.ts';
import { fixtureAppRecord } from '../helpers/fixture-app.ts';
import { tempDataDir } from '../helpers/harness.ts';
import { MemoryOperations } from './helpers/memory-operations.ts';
import { runCli } from './helpers/run-cli.ts';
import { leaveStaleSocket } from './helpers/stale-socket.ts';
import { waitForSocket } from './helpers/wait-for-socket.ts';

/**
 * `serve` with the host behind it replaced by in-memory operations, but taking the real data dir lock, so
 * the ordering of lock and socket is exercised for real.
 */
function startServing(t: TestContext, dataDir: string, command: { minIntervalFloorMs?: number } = {}) {
  const operations = new MemoryOperations();
  operations.apps.push(fixtureAppRecord('https://news.example', 'News'));
  const started: ServeHostOptions[] = [];
  const closedWith: (number | undefined)[] = [];
  let stop = () => {};
  const stopRequested = new Promise<void>((resolve) => {
    stop = resolve;
  });
  const serving = serve(
    { name: 'serve', chromiumPath: '/usr/bin/chromium', ...command },
    { dataDir, json: false },
    {
      async startServeHost(options) {
        started.push(options);
        const lock = HostLock.acquire(options.dataDir);
        return {
          operations,
          async close(graceMs) {
            closedWith.push(graceMs);
            lock.release();
          },
        };
      },
      logger: { debug() {}, info() {}, warn() {}, error() {} },
      stopRequested,
    },
  );
  t.after(async () => {
    stop();
    await serving.catch(() => {});
  });
  return { operations, started, closedWith, serving, stop };
}

test('while serve runs, every command goes over its control socket', async (t) => {
  const dataDir = tempDataDir(t);
  const { operations } = startServing(t, dataDir);
  await waitForSocket(controlSocketPath(dataDir));
  const cli = (...args: string[]) => runCli(['--data-dir', dataDir, ...args]);

  const list = await cli('--json', 'list');
  assert.deepEqual(
    (JSON.parse(list.stdout) as { id: string }[]).map((app) => app.id),
    ['app-news'],
  );

  const install = await cli('--json', 'install', 'https://mail.example/');
  assert.equal(install.exitCode, 0);
  assert.equal(JSON.parse(install.stdout).origin, 'https://mail.example');
  assert.equal(install.stderr, 'loading: https://mail.example/\ndone\n');

  const open = await cli('open', 'app-news', '/article/1');
  assert.deepEqual(open, {
    exitCode: 0,
    stdout: 'Opened https://app-news.example/article/1 (page page-1).\n',
    stderr: '',
  });
  assert.equal(operations.openPages.length, 1, 'the page stays open in the serving host');

  const run = await cli('run', 'News', 'get-latest-news');
  assert.equal(run.exitCode, 0);
  assert.match(run.stdout, /^get-latest-news \(News\): success in 120 ms\n$/);

  const missing = await cli('--json', 'run', 'News', 'missing');
  assert.equal(missing.exitCode, 1);
  assert.deepEqual(JSON.parse(missing.stdout), {
    error: { code: 'NotFoundError', message: 'No registration "missing".' },
  });
  assert.equal(missing.stderr, 'pwa-host: No registration "missing".\n');

  await cli('runs', 'News', '--tag', 'get-latest-news', '--limit', '3');
  assert.deepEqual(operations.calls.at(-1), {
    op: 'runs',
    args: [{ app: 'News', tag: 'get-latest-news', limit: 3 }],
  });
});

test('a second serve on the same data dir fails on the lock and leaves the first one serving', async (t) => {
  const dataDir = tempDataDir(t);
  const socketPath = controlSocketPath(dataDir);
  startServing(t, dataDir);
  await waitForSocket(socketPath);

  const second = startServing(t, dataDir);
  await assert.rejects(second.serving, { code: 'host-already-running' });
  assert.ok(existsSync(socketPath));
  const client = await ControlClient.connect(socketPath);
  assert.ok(client, 'the first host still answers');
  t.after(() => client.close());
  assert.equal((await createApiClient(client).list()).length, 1);
});

test('serve passes its flags to the host: a floor of 0 is developer mode', async (t) => {
  const dataDir = tempDataDir(t);
  const developer = startServing(t, dataDir, { minIntervalFloorMs: 0 });
  await waitForSocket(controlSocketPath(dataDir));
  assert.partialDeepStrictEqual(developer.started, [
    { dataDir, chromiumPath: '/usr/bin/chromium', settings: { minIntervalFloorMs: 0 }, developerMode: true },
  ]);
  developer.stop();
  await developer.serving;

  const plain = startServing(t, dataDir);
  await waitForSocket(controlSocketPath(dataDir));
  assert.equal(plain.started[0]?.developerMode, false);
  assert.equal(plain.started[0]?.settings, undefined);

  const floorDir = tempDataDir(t);
  const floor = startServing(t, floorDir, { minIntervalFloorMs: 60_000 });
  await waitForSocket(controlSocketPath(floorDir));
  assert.partialDeepStrictEqual(floor.started, [
    { settings: { minIntervalFloorMs: 60_000 }, developerMode: false },
  ]);
});

test('stopping closes the socket first, then the host with a grace period, releasing the data dir', async (t) => {
  const dataDir = tempDataDir(t);
  const socketPath = controlSocketPath(dataDir);
  const { stop, serving, closedWith } = startServing(t, dataDir);
  await waitForSocket(socketPath);
  stop();
  await serving;
  assert.deepEqual(closedWith, [STOP_GRACE_MS]);
  assert.equal(existsSync(socketPath), false);
  assert.equal(HostLock.isHeld(dataDir), false);
});

test('serve replaces a stale socket left by a killed host', async (t) => {
  const dataDir = tempDataDir(t);
  const socketPath = controlSocketPath(dataDir);
  await leaveStaleSocket(socketPath);
  startServing(t, dataDir);
  await waitForSocket(socketPath);
  const list = await runCli(['--data-dir', dataDir, '--json', 'list']);
  assert.equal(JSON.parse(list.stdout).length, 1);
});
