import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { test } from 'node:test';
import { controlSocketPath } from '../../app/control/control-socket.ts';
import type { HostStatus } from '../../app/host/host-operations.ts';
import { startFixtureServer } from '../fixtures/pwa-server.ts';
import { tempDataDir } from '../helpers/harness.ts';
import { waitFor } from '../helpers/settle.ts';
import { BIN, childEnv, runProcess } from './helpers/run-cli.ts';
import { waitForSocket } from './helpers/wait-for-socket.ts';

/** No session bus, as over SSH: the host has warnings to give, and nothing may come out as JSON. */
const NO_BUS = { DBUS_SESSION_BUS_ADDRESS: undefined, DISPLAY: undefined };

/**
 * `pwa-host ARGS` on a pseudo-terminal of its own (util-linux `script`), as a person at a terminal runs it:
 * stdout and stderr both go to the terminal, and `output()` is what the terminal received.
 */
function onTerminal(args: readonly string[]): { child: ChildProcess; output: () => string } {
  const command = [BIN, ...args].map((word) => `'${word.replaceAll("'", `'\\''`)}'`).join(' ');
  const child = spawn('script', ['--quiet', '--return', '--command', command, '/dev/null'], {
    env: childEnv(NO_BUS),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.setEncoding('utf8').on('data', (text: string) => {
    output += text;
  });
  return { child, output: () => output };
}

async function exitCodeOf(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null) return child.exitCode;
  const [code] = (await once(child, 'exit')) as [number | null];
  return code;
}

test('on a terminal: install shows what it waits for, redrawn in place, and says where the app lives; serve speaks in sentences; no JSON log line anywhere', async (t) => {
  const news = await startFixtureServer('news');
  t.after(() => news.close());
  const dataDir = tempDataDir(t);

  const install = onTerminal(['--data-dir', dataDir, 'install', `${news.origin}/`]);
  t.after(() => install.child.kill('SIGKILL'));
  assert.equal(await exitCodeOf(install.child), 0, install.output());
  // The line is redrawn in place: each frame starts with a carriage return and "erase line" (shown as <redraw>).
  const installed = install.output().replaceAll('\r\x1b[2K', '<redraw>');
  assert.doesNotMatch(installed, /\{"level"/, 'no raw JSON log line');
  assert.match(installed, /<redraw>. Service worker: waiting for the page to register one/u);
  assert.match(
    installed,
    /<redraw>Installed Fixture News \([^)]+\), scope http:\/\/127\.0\.0\.1:\d+\/\.\r\n$/,
  );

  const serve = onTerminal(['--data-dir', dataDir, 'serve']);
  t.after(() => serve.child.kill('SIGKILL'));
  await waitForSocket(controlSocketPath(dataDir), 60_000);
  await waitFor('the banner', () => /Ctrl-C stops it\./.test(serve.output()), 20_000);
  const cli = (...args: string[]) => runProcess(BIN, ['--data-dir', dataDir, ...args], NO_BUS);
  assert.equal((await cli('run', 'Fixture', 'get-latest-news')).exitCode, 0);
  await waitFor('the run told', () => /get-latest-news \(manual\) succeeded in/.test(serve.output()), 20_000);
  const status = JSON.parse((await cli('--json', 'status')).stdout) as HostStatus;
  process.kill(status.pid as number, 'SIGINT');
  assert.equal(await exitCodeOf(serve.child), 0, serve.output());

  const said = serve.output().replaceAll('\r\n', '\n');
  assert.doesNotMatch(said, /\{"level"/, 'no raw JSON log line');
  const lines = [
    `PWA Host is serving ${dataDir} (process ${status.pid}).`,
    `One app: Fixture News (${news.origin}/).`,
  ];
  for (const line of lines) assert.ok(said.includes(`${line}\n`), `${line}\n in:\n${said}`);
  assert.match(said, /\nNext task: Fixture News: get-latest-news, in \d+ (s|min|h)\.\n/);
  assert.match(
    said,
    /\nNotifications cannot be shown: there is no D-Bus session bus \(DBUS_SESSION_BUS_ADDRESS is not set\), as over SSH, in containers and on servers\. They are recorded \(pwa-host notifications\)\.\n/,
  );
  assert.match(said, /\n\d\d:\d\d:\d\d Fixture News: get-latest-news \(manual\) succeeded in [^\n]+\.\n/);
  assert.match(said, /Stopping: tasks under way get a few seconds to finish\.\n(.*\n)*Stopped\.\n$/);
});
