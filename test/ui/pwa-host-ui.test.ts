import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { controlSocketPath } from '../../app/control/control-socket.ts';
import { UiPageFiles } from '../../app/headless/ui/ui-page-files.ts';
import { BIN, childEnv, runProcess, stopProcess } from '../cli/helpers/run-cli.ts';
import { waitForSocket } from '../cli/helpers/wait-for-socket.ts';
import { tempDataDir } from '../helpers/harness.ts';
import { exitOf, isRunning, startServe } from '../helpers/serve-process.ts';
import { waitFor } from '../helpers/settle.ts';
import { ensureUiBuilt } from './helpers/ui-browser.ts';

/**
 * `pwa-host ui` as a person runs it, headless (PWA_HOST_UI_HEADLESS=1): CI has no display. The window's
 * page is the same; only Chromium's --headless differs. The UI announces itself only once its page has
 * loaded and reached the host through the bridge.
 */
function startUi(t: import('node:test').TestContext, dataDir: string) {
  const child = spawn(BIN, ['--data-dir', dataDir, 'ui'], {
    env: childEnv({ PWA_HOST_UI_HEADLESS: '1' }),
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.setEncoding('utf8').on('data', (text: string) => {
    stderr += text;
  });
  t.after(() => stopProcess(child));
  return { child, stderr: () => stderr };
}

/** The app-mode Chromium `pwa-host ui` started (its child), with the temporary profile it runs on. */
function uiBrowserOf(ui: ChildProcess): { pid: number; profileDir: string } | undefined {
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid !== ui.pid) continue;
      const args = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
      const profile = args.find((arg) => arg.startsWith('--user-data-dir='));
      if (args.includes('--app=about:blank') && profile)
        return { pid: Number(entry), profileDir: profile.slice('--user-data-dir='.length) };
    } catch {
      // ended while we looked
    }
  }
  return undefined;
}

test('pwa-host ui with no host serves one while its window is open, and exits when the browser closes', async (t) => {
  await ensureUiBuilt();
  const dataDir = tempDataDir(t);
  const ui = startUi(t, dataDir);
  await waitFor('the UI to open', () => ui.stderr().includes('The management UI is open.'), 60_000);
  assert.match(ui.stderr(), /No host was serving, so this window serves one/);
  const browser = uiBrowserOf(ui.child);
  assert.ok(browser, 'an app-mode Chromium window, a child of pwa-host ui');
  assert.ok(existsSync(browser.profileDir));

  // Other commands reach the host the window serves.
  const status = await runProcess(BIN, ['--data-dir', dataDir, '--json', 'status']);
  assert.equal(status.exitCode, 0, status.stderr);
  assert.equal((JSON.parse(status.stdout) as { running: boolean }).running, true);

  // The person closes the window: its browser ends, and so does the command, with everything it started.
  process.kill(browser.pid, 'SIGTERM');
  const exit = await exitOf(ui.child);
  assert.deepEqual(exit, { code: 0, signal: null }, ui.stderr());
  assert.equal(existsSync(controlSocketPath(dataDir)), false, 'the host it served has stopped');
  assert.equal(existsSync(browser.profileDir), false, 'the window profile is removed');
});

test('pwa-host ui on a serving host leaves that host running when it ends', async (t) => {
  await ensureUiBuilt();
  const dataDir = tempDataDir(t);
  const serve = startServe(t, dataDir);
  await waitForSocket(controlSocketPath(dataDir));
  const ui = startUi(t, dataDir);
  await waitFor('the UI to open', () => ui.stderr().includes('The management UI is open'), 60_000);
  assert.match(ui.stderr(), /on the serving host/);
  const browser = uiBrowserOf(ui.child);
  assert.ok(browser);

  ui.child.kill('SIGINT'); // Ctrl-C in the terminal that started it
  assert.deepEqual(await exitOf(ui.child), { code: 0, signal: null }, ui.stderr());
  assert.equal(isRunning(browser.pid), false, 'its window is gone');
  assert.equal(existsSync(browser.profileDir), false);
  assert.equal(serve.child.exitCode, null, 'the serving host still runs');
  const status = await runProcess(BIN, ['--data-dir', dataDir, '--json', 'status']);
  assert.equal((JSON.parse(status.stdout) as { running: boolean }).running, true);
});

test('pwa-host ui says how to build the page when it is missing', (t) => {
  const missing = join(tempDataDir(t), 'no-build');
  assert.throws(() => UiPageFiles.load(missing), {
    code: 'ui-not-built',
    message: /The management UI is not built .*Run `npm run build:ui`/,
  });
});
