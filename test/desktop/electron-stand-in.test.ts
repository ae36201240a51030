import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { startFixtureServer } from '../fixtures/pwa-server.ts';
import { browserBackends } from '../helpers/browser-backends.ts';
import { writeStandInElectronDist } from '../helpers/electron-stand-in/binary.ts';
import { launch, readReport, reportFile } from '../helpers/electron-stand-in/launch.ts';
import { tempDataDir } from '../helpers/harness.ts';
import { waitFor } from '../helpers/settle.ts';

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

/** The browser behind a stand-in session, for the cases that need one. */
const chromium = browserBackends()[0]?.executable;

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

test('a quit before ready still sees ready: the process ends once the message loop runs', async (t) => {
  const { electron, folder } = appWith(
    t,
    `${SAY}
    for (const event of ['before-quit', 'will-quit', 'quit', 'ready']) app.on(event, () => say(event));
    app.whenReady().then(() => say('whenReady'));
    app.quit();
    say('after quit');`,
  );
  const running = launch(t, electron, [folder], { report: reportFile(t) });
  assert.equal(await running.exited, 0, running.output);
  assert.deepEqual(said(running.lines()), [
    'before-quit',
    'will-quit',
    'quit',
    'after quit',
    'ready',
    'whenReady',
  ]);
});

test('app.exit before the message loop runs ends the process at once; once it runs, quit comes first', async (t) => {
  const early = appWith(
    t,
    `${SAY}
    app.on('quit', () => say('quit'));
    app.whenReady().then(() => { say('ready'); app.exit(4); say('after exit'); });`,
  );
  const first = launch(t, early.electron, [early.folder], { report: reportFile(t) });
  assert.equal(await first.exited, 4, first.output);
  assert.deepEqual(said(first.lines()), ['ready'], 'no quit event, nothing after exit');

  const later = appWith(
    t,
    `${SAY}
    for (const event of ['will-quit', 'quit']) app.on(event, () => say(event));
    app.whenReady().then(() => setTimeout(() => app.exit(5), 50));`,
  );
  const second = launch(t, later.electron, [later.folder], { report: reportFile(t) });
  assert.equal(await second.exited, 5, second.output);
  assert.deepEqual(said(second.lines()), ['quit'], 'exit skips will-quit');
});

test('app.setPath takes an absolute path and a name Electron knows; sessionData follows userData', async (t) => {
  const { electron, folder } = appWith(
    t,
    `${SAY}
    const attempt = (what, action) => { try { action(); say(what + ' ok'); } catch (error) { say(what + ': ' + error.message); } };
    attempt('relative', () => app.setPath('userData', 'relative/folder'));
    attempt('unknown name', () => app.setPath('nonsense', '/tmp/somewhere'));
    attempt('absolute', () => app.setPath('userData', '/tmp/stand-in-user-data'));
    say(app.getPath('sessionData'));
    process.exit(0);`,
  );
  const running = launch(t, electron, [folder], { report: reportFile(t) });
  assert.equal(await running.exited, 0, running.output);
  assert.deepEqual(said(running.lines()), [
    'relative: Path must be absolute',
    'unknown name: Failed to set path',
    'absolute ok',
    '/tmp/stand-in-user-data',
  ]);
});

test('a launch handed over before ready reaches a listener added once ready', async (t) => {
  const { electron, folder } = appWith(
    t,
    `import { existsSync } from 'node:fs';
    import { app, dialog } from 'electron';
    const say = (text) => dialog.showErrorBox('said', String(text));
    app.setPath('userData', process.env.CHECK_USER_DATA);
    say('locked ' + app.requestSingleInstanceLock({ hello: process.argv.at(-1) }));
    if (process.argv.at(-1) === 'one') {
      await new Promise((resolve) => {
        const check = setInterval(() => existsSync(process.env.CHECK_GO) && (clearInterval(check), resolve()), 20);
      });
      app.whenReady().then(() =>
        app.on('second-instance', (_event, _argv, _cwd, data) => { say('second ' + data.hello); app.quit(); }),
      );
    } else app.quit();`,
    'main.mjs',
  );
  const root = tempDataDir(t);
  const env = { CHECK_USER_DATA: join(root, 'user-data'), CHECK_GO: join(root, 'go') };
  const report = reportFile(t);
  const first = launch(t, electron, [folder, 'one'], { report, env });
  await first.waitFor('error-box');
  const second = launch(t, electron, [folder, 'two'], { report, env });
  assert.equal(await second.exited, 0, second.output);
  writeFileSync(env.CHECK_GO, '');
  const exited = await Promise.race([first.exited, sleep(15_000, 'still running', { ref: false })]);
  assert.equal(exited, 0, first.output);
  assert.deepEqual(said(first.lines()), ['locked true', 'second two']);
});

test('app.relaunch starts the command once the process is gone, with the environment it had then', async (t) => {
  const { electron, folder } = appWith(
    t,
    `${SAY}
    if (process.argv.at(-1) === 'again') {
      say('relaunched ' + process.env.CHECK_MARK);
      process.exit(0);
    } else {
      app.whenReady().then(() => {
        process.env.CHECK_MARK = 'set before relaunch';
        app.relaunch({ args: [process.argv[1], 'again'] });
        process.env.CHECK_MARK = 'set after relaunch';
        app.exit(0);
      });
    }`,
  );
  const report = reportFile(t);
  const running = launch(t, electron, [folder], { report });
  assert.equal(await running.exited, 0, running.output);
  const helper = running.lines('relaunched')[0]?.helper;
  assert.ok(typeof helper === 'number', 'a relauncher was started');
  t.after(() => {
    try {
      process.kill(helper, 'SIGKILL');
    } catch {
      // gone, as it should be
    }
  });
  const deadline = Date.now() + 20_000;
  while (readReport(report).every((line) => line.pid !== helper || line.kind !== 'exit')) {
    assert.ok(Date.now() < deadline, 'the relaunched app ran and exited');
    await sleep(50);
  }
  assert.deepEqual(said(readReport(report).filter((line) => line.pid === helper)), [
    'relaunched set before relaunch',
  ]);
});

test("a session's running-status-changed carries only the details, no event", {
  skip: chromium === undefined ? 'no Chromium to back the session' : false,
}, async (t) => {
  const news = await startFixtureServer('news');
  t.after(() => news.close());
  const { electron, folder } = appWith(
    t,
    `${SAY} const { BrowserWindow, session } = require('electron');
    app.whenReady().then(() => {
      const ses = session.fromPartition('persist:check');
      ses.serviceWorkers.once('running-status-changed', (...args) => {
        say(args.length + ' ' + Object.keys(args[0]).sort().join(','));
        app.exit(0);
      });
      new BrowserWindow({ show: false, webPreferences: { partition: 'persist:check' } }).loadURL(process.env.CHECK_URL);
    });`,
  );
  const running = launch(t, electron, [folder], {
    report: reportFile(t),
    chromium,
    env: { CHECK_URL: `${news.origin}/` },
  });
  assert.equal(await running.exited, 0, running.output);
  assert.deepEqual(said(running.lines()), ['1 runningStatus,versionId']);
});

test('a destroyed tray refuses its methods; a second protocol handler for a scheme is refused; close() gives a bare close', async (t) => {
  const { electron, folder } = appWith(
    t,
    `${SAY} const { Notification, Tray, nativeImage, session } = require('electron');
    const attempt = (what, action) => { try { action(); say(what + ' ok'); } catch (error) { say(what + ': ' + error.message); } };
    app.whenReady().then(() => {
      const tray = new Tray(nativeImage.createFromPath('/nonexistent.png'));
      tray.destroy();
      attempt('tray tooltip', () => tray.setToolTip('x'));
      attempt('tray destroyed again', () => tray.destroy());
      const ses = session.fromPartition('persist:check');
      attempt('first handler', () => ses.protocol.handle('check', () => new Response('')));
      attempt('second handler', () => ses.protocol.handle('check', () => new Response('')));
      const notification = new Notification({ title: 'check' });
      notification.on('close', (event) => { say('closed, reason ' + event.reason); app.quit(); });
      notification.show();
      notification.close();
    });`,
  );
  const running = launch(t, electron, [folder], { report: reportFile(t) });
  assert.equal(await running.exited, 0, running.output);
  assert.deepEqual(said(running.lines()), [
    'tray tooltip: Tray is destroyed',
    'tray destroyed again ok',
    'first handler ok',
    'second handler: Failed to register protocol: check',
    'closed, reason undefined',
  ]);
});

test("a page's download: will-download with the item and its web contents; preventDefault, cancel(), or Electron's save dialog", {
  skip: chromium === undefined ? 'no Chromium to back the session' : false,
}, async (t) => {
  const news = await startFixtureServer('news');
  t.after(() => news.close());
  // Each page downloads one file as it loads, named by its query.
  news.override('/one-download.html', {
    body: `<!doctype html><script>
      const save = document.createElement('a');
      save.href = '/download-' + new URLSearchParams(location.search).get('name') + '.txt';
      save.download = '';
      document.documentElement.append(save);
      save.click();
    </script>`,
  });
  for (const name of ['dialog', 'prevented', 'cancelled'])
    news.override(`/download-${name}.txt`, { type: 'text/plain', body: name });
  const { electron, folder } = appWith(
    t,
    `${SAY} const { BrowserWindow, session } = require('electron');
    app.on('window-all-closed', () => {});
    app.whenReady().then(() => {
      const ses = session.fromPartition('persist:check');
      ses.on('will-download', (event, item, contents) => {
        const name = item.getURL().split('/').pop();
        const window = BrowserWindow.fromWebContents(contents);
        say(name + ' in ' + (window ? 'a window' : 'no window') + ' from ' + item.getInitiatorOrigin());
        if (name === 'download-prevented.txt') event.preventDefault();
        if (name === 'download-cancelled.txt') {
          item.once('done', (_event, state) => say(name + ' done ' + state));
          item.cancel();
        }
      });
      for (const name of ['dialog', 'prevented', 'cancelled'])
        new BrowserWindow({ show: name === 'dialog', webPreferences: { partition: 'persist:check' } })
          .loadURL(process.env.CHECK_URL + '?name=' + name);
    });`,
  );
  const running = launch(t, electron, [folder], {
    report: reportFile(t),
    chromium,
    env: { CHECK_URL: `${news.origin}/one-download.html` },
  });
  // The app says what it saw through error boxes, so the wait polls rather than failing on the first.
  await waitFor(
    'three downloads, and the cancelled one done',
    () => running.lines('download').length === 3 && said(running.lines()).length === 4,
    60_000,
  );
  const outcomes = Object.fromEntries(
    running.lines('download').map((line) => [line.filename, [line.outcome, line.windowShown]]),
  );
  assert.deepEqual(outcomes, {
    // Nothing prevented or cancelled it and no path was set: the save dialog, on the page's window.
    'download-dialog.txt': ['save-dialog', true],
    'download-prevented.txt': ['prevented', undefined],
    'download-cancelled.txt': ['cancelled', undefined],
  });
  assert.deepEqual(said(running.lines()).sort(), [
    `download-cancelled.txt done cancelled`,
    `download-cancelled.txt in a window from ${news.origin}`,
    `download-dialog.txt in a window from ${news.origin}`,
    `download-prevented.txt in a window from ${news.origin}`,
  ]);
});
