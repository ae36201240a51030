import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { test } from 'node:test';
import { controlSocketPath } from '../../app/control/control-socket.ts';
import { startFixtureServer } from '../fixtures/pwa-server.ts';
import { tempDataDir } from '../helpers/harness.ts';
import { browserPidOf, exitOf, startServe } from '../helpers/serve-process.ts';
import { BIN, childEnv, runProcess } from './helpers/run-cli.ts';
import { waitForSocket } from './helpers/wait-for-socket.ts';

test('install with a temporary host, then serve: commands reach it, a second serve is refused, SIGTERM stops it', {
  timeout: 120_000,
}, async (t) => {
  const fixture = await startFixtureServer('news');
  t.after(() => fixture.close());
  const dataDir = tempDataDir(t);
  const cli = (...args: string[]) => runProcess(BIN, ['--data-dir', dataDir, ...args]);

  const install = await cli('--json', 'install', `${fixture.origin}/`);
  assert.equal(install.exitCode, 0, install.stderr);
  const app = JSON.parse(install.stdout) as { id: string; origin: string };
  assert.equal(app.origin, fixture.origin);
  // Progress as plain lines (stderr is no terminal here), saying what each step waits for, and no log JSON.
  assert.match(
    install.stderr,
    /^Loading http:\/\/127\.0\.0\.1:\d+\/\nReading its manifest\nService worker: waiting for the page to register one\n(Service worker: .*\n)*Saving its icons\nRecording the app\nStarting .* once, so it can register its periodic syncs\n$/,
  );

  const offline = await cli('--json', 'list');
  assert.deepEqual(
    (JSON.parse(offline.stdout) as { id: string }[]).map((each) => each.id),
    [app.id],
  );

  const opener = spawn(BIN, ['--data-dir', dataDir, 'open', app.id, '/index.html'], {
    env: childEnv(),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let openerStderr = '';
  for await (const text of opener.stderr.setEncoding('utf8')) {
    openerStderr += text;
    if (/stays open until you press Ctrl-C/.test(openerStderr)) break;
  }
  assert.equal(opener.exitCode, null, 'a page in a temporary host keeps the command running');
  opener.kill('SIGINT');
  assert.deepEqual(await exitOf(opener), { code: 0, signal: null });

  const socketPath = controlSocketPath(dataDir);
  const serve = startServe(t, dataDir);
  await waitForSocket(socketPath);

  const open = await cli('--json', 'open', app.id);
  assert.equal(open.exitCode, 0, open.stderr);
  assert.equal(JSON.parse(open.stdout).appId, app.id);

  const second = await cli('serve');
  assert.equal(second.exitCode, 1);
  assert.match(second.stderr, /Another PWA Host is already running with the data dir/);
  assert.ok(existsSync(socketPath), "the first host's socket survives");
  assert.equal((await cli('--json', 'list')).exitCode, 0);

  const stoppedAt = Date.now();
  serve.child.kill('SIGTERM');
  assert.deepEqual(await exitOf(serve.child), { code: 0, signal: null });
  assert.ok(Date.now() - stoppedAt < 5000, 'stops within 5 s');
  assert.match(serve.stderr(), /"msg":"stopped"/);
  assert.equal(existsSync(socketPath), false);
});

test('after a serve is killed, commands fall back to the store and a new serve replaces the stale socket', {
  timeout: 120_000,
}, async (t) => {
  const dataDir = tempDataDir(t);
  const socketPath = controlSocketPath(dataDir);
  const killed = startServe(t, dataDir);
  await waitForSocket(socketPath);
  const previous = browserPidOf(dataDir);
  killed.child.kill('SIGKILL');
  await exitOf(killed.child);
  assert.ok(existsSync(socketPath), 'SIGKILL leaves the socket file');

  const list = await runProcess(BIN, ['--data-dir', dataDir, '--json', 'list']);
  assert.deepEqual(list, { exitCode: 0, stdout: '[]\n', stderr: '' });

  // The browser ends with its pipe (test/faults/devtools-endpoint.test.ts); one still exiting is ended.
  const replacement = startServe(t, dataDir);
  await waitForSocket(socketPath);
  assert.notEqual(browserPidOf(dataDir), previous, 'the new host runs its own browser');
  replacement.child.kill('SIGINT');
  assert.deepEqual(await exitOf(replacement.child), { code: 0, signal: null });
});
