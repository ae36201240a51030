import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { writeStandInElectronDist } from '../helpers/electron-stand-in/binary.ts';
import { launch, reportFile } from '../helpers/electron-stand-in/launch.ts';
import { tempDataDir } from '../helpers/harness.ts';

/**
 * The stand-in's lifecycle against what Electron's source and spec tests say, with a small app written
 * for each case (lib/browser/init.ts; shell/browser/browser.cc; shell/browser/api/electron_api_app.cc;
 * electron_api_protocol.cc; electron_api_browser_window.cc; spec/api-app-spec.ts "app.exit(exitCode)",
 * "window-all-closed", "app.requestSingleInstanceLock"). The app reports what it saw through
 * `app.setBadgeCount` (reported as `badge`) and `dialog.showErrorBox` (reported as `error-box`).
 */
function appWith(
  t: import('node:test').TestContext,
  main: string,
  file = 'main.js',
): { electron: string; folder: string } {
  const root = tempDataDir(t);
  const folder = join(root, 'app');
  mkdirSync(folder);
  writeFileSync(join(folder, 'package.json'), JSON.stringify({ name: 'stand-in-check', main: file }));
  writeFileSync(join(folder, file), main);
  return { electron: writeStandInElectronDist(join(root, 'electron-dist')), folder };
}

/** What the app said: `say(text)` in the app is `dialog.showErrorBox('said', text)`. */
const SAY = `const { app, dialog } = require('electron'); const say = (text) => dialog.showErrorBox('said', String(text));`;

function said(lines: { kind: string; title?: unknown; content?: unknown }[]): string[] {
  return lines
    .filter((line) => line.kind === 'error-box' && line.title === 'said')
    .map((line) => String(line.content));
}

test('the entry runs, its top-level awaits included, before ready; ready listeners before whenReady', async (t) => {
  const { electron, folder } = appWith(
    t,
    `import { app, dialog } from 'electron';
    const say = (text) => dialog.showErrorBox('said', String(text));
    say('entry ' + app.isReady());
    app.on('ready', () => say('ready event'));
    app.whenReady().then(() => { say('whenReady'); app.exit(0); });
    await new Promise((resolve) => setTimeout(resolve, 100));
    say('after a top-level await ' + app.isReady());`,
    'main.mjs',
  );
  const running = launch(t, electron, [folder], { report: reportFile(t) });
  assert.equal(await running.exited, 0, running.output);
  assert.deepEqual(said(running.lines()), [
    'entry false',
    'after a top-level await false',
    'ready event',
    'whenReady',
  ]);
});

test('closing the last window, a hidden one too, quits unless the app listens to window-all-closed', async (t) => {
  const quitting = appWith(
    t,
    `${SAY} const { BrowserWindow } = require('electron');
    app.whenReady().then(() => {
      const hidden = new BrowserWindow({ show: false });
      hidden.destroy();
      setTimeout(() => say('still running'), 200);
    });`,
  );
  const first = launch(t, quitting.electron, [quitting.folder], { report: reportFile(t) });
  assert.equal(await first.exited, 0, first.output);
  assert.deepEqual(said(first.lines()), [], 'quit before anything else ran');

  const staying = appWith(
    t,
    `${SAY} const { BrowserWindow } = require('electron');
    app.on('window-all-closed', () => say('all closed'));
    app.whenReady().then(() => {
      new BrowserWindow({ show: false }).destroy();
      setTimeout(() => { say('still running'); app.quit(); }, 200);
    });`,
  );
  const second = launch(t, staying.electron, [staying.folder], { report: reportFile(t) });
  assert.equal(await second.exited, 0, second.output);
  assert.deepEqual(said(second.lines()), ['all closed', 'still running']);
});

test('what Electron refuses after ready (sandbox, privileged schemes) and before it (windows)', async (t) => {
  const { electron, folder } = appWith(
    t,
    `${SAY} const { BrowserWindow, protocol } = require('electron');
    const attempt = (what, action) => { try { action(); say(what + ' ok'); } catch (error) { say(what + ': ' + error.message); } };
    attempt('window before ready', () => new BrowserWindow({ show: false }));
    attempt('sandbox before ready', () => app.enableSandbox());
    app.whenReady().then(() => {
      attempt('sandbox after ready', () => app.enableSandbox());
      attempt('schemes after ready', () => protocol.registerSchemesAsPrivileged([{ scheme: 'x', privileges: {} }]));
      app.exit(3);
    });`,
  );
  const running = launch(t, electron, [folder], { report: reportFile(t) });
  assert.equal(await running.exited, 3, 'app.exit(code) is the exit status');
  assert.deepEqual(said(running.lines()), [
    'window before ready: Cannot create BrowserWindow before app is ready',
    'sandbox before ready ok',
    'sandbox after ready: app.enableSandbox() can only be called before app is ready',
    'schemes after ready: protocol.registerSchemesAsPrivileged should be called before app is ready',
  ]);
});

test('macOS says a login item opened the app only from ready on', async (t) => {
  const { electron, folder } = appWith(
    t,
    `${SAY}
    say('before ' + app.getLoginItemSettings().wasOpenedAtLogin);
    app.whenReady().then(() => { say('after ' + app.getLoginItemSettings().wasOpenedAtLogin); process.exit(0); });`,
  );
  const running = launch(t, electron, [folder], { report: reportFile(t), platform: 'darwin', atLogin: true });
  assert.equal(await running.exited, 0, running.output);
  assert.deepEqual(said(running.lines()), ['before false', 'after true']);
});

test('a second instance hands its data to the first, which hears it once ready; the second gets false', async (t) => {
  const { electron, folder } = appWith(
    t,
    `${SAY}
    app.setPath('userData', process.env.CHECK_USER_DATA);
    const locked = app.requestSingleInstanceLock({ hello: process.argv.at(-1) });
    say('locked ' + locked);
    if (!locked) app.quit();
    else app.on('second-instance', (_event, _argv, _cwd, data) => { say('second ' + data.hello); app.quit(); });`,
  );
  const env = { CHECK_USER_DATA: join(tempDataDir(t), 'user-data') };
  const report = reportFile(t);
  const first = launch(t, electron, [folder, 'one'], { report, env });
  await first.waitFor('ready');
  const second = launch(t, electron, [folder, 'two'], { report, env });
  assert.equal(await second.exited, 0, second.output);
  assert.equal(await first.exited, 0, first.output);
  assert.deepEqual(said(first.lines()), ['locked true', 'second two']);
  assert.deepEqual(said(second.lines()), ['locked false']);
});
