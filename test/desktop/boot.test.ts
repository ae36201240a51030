import assert from 'node:assert/strict';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { DESKTOP_APP_ID } from '../../app/desktop/app-identity.ts';
import { defaultDataDir } from '../../app/os/data-dir.ts';
import { Store } from '../../app/store/store.ts';
import { BIN, runProcess } from '../cli/helpers/run-cli.ts';
import { startFixtureServer } from '../fixtures/pwa-server.ts';
import { browserBackends } from '../helpers/browser-backends.ts';
import {
  buildDesktopApp,
  launch,
  reportFile,
  type StandInLaunch,
} from '../helpers/electron-stand-in/launch.ts';
import { tempDataDir } from '../helpers/harness.ts';

/**
 * The desktop app as `npm run build` makes it, started as Electron starts it (lib/browser/init.ts and the
 * default app, through `ready`) with `electron` resolved to the stand-in (test/helpers/electron-stand-in/):
 * the real main code composes the real host, whose apps session is a real Chromium. What each stand-in
 * models, and what only a real Electron can show, is in docs/electron.md.
 */

const desktop = process.env.PWA_HOST_TEST_DESKTOP as string;
/** The lighter browser behind the apps session; like Electron, it has no background-sync controller. */
const chromium = (
  browserBackends().find((backend) => backend.name === 'chromium-headless-shell') ?? browserBackends()[0]
)?.executable;

/** The real CLI against a data dir (what a person types in a terminal beside the app). */
function cli(dataDir: string, ...args: string[]) {
  return runProcess(BIN, ['--data-dir', dataDir, ...args], { PWA_HOST_CONNECTIVITY: 'online' });
}

async function assertServing(dataDir: string): Promise<void> {
  const status = await cli(dataDir, 'status');
  assert.equal(status.exitCode, 0, status.stderr);
  assert.match(status.stdout, /running \(pid \d+, engine electron\)/, status.stdout);
}

/** The arguments of a systemd unit's ExecStart (each one double-quoted, as the host writes them). */
function execStart(unit: string): string[] {
  const line = unit.match(/^ExecStart=(.*)$/m)?.[1];
  assert.ok(line, 'the unit has an ExecStart');
  return [...line.matchAll(/"((?:[^"\\]|\\.)*)"/g)].map((match) =>
    (match[1] as string).replace(/\\(.)/g, '$1'),
  );
}

function wakeUpUnit(): { service: string; timer: string } {
  const units = join(desktop, 'config', 'systemd', 'user');
  const timer = readdirSync(units).find(
    (file) => file.startsWith('pwa-host-wake-') && file.endsWith('.timer'),
  );
  assert.ok(timer, 'a systemd user timer is left for the next due time');
  return {
    timer: readFileSync(join(units, timer), 'utf8'),
    service: readFileSync(join(units, timer.replace(/\.timer$/, '.service')), 'utf8'),
  };
}

/** Starts a second instance and waits for it to hand its launch over and quit. */
async function secondInstance(first: StandInLaunch, run: () => StandInLaunch): Promise<void> {
  assert.equal(first.child.exitCode, null, 'the first instance still runs');
  const seen = first.lines('second-instance').length;
  const second = run();
  const exited = await Promise.race([second.exited, sleep(30_000).then(() => 'still running')]);
  assert.equal(exited, 0, second.output);
  assert.equal(second.lines('handed-to-first-instance').length, 1, 'it found the first instance');
  await first.waitFor('second-instance', () => first.lines('second-instance').length > seen);
}

test('the built app boots as Electron starts it: every launch mode, a second instance of each, then the wake-up it leaves', {
  // A dozen launches, each with its own Chromium: a minute on a quiet machine, minutes on a busy one.
  timeout: 480_000,
  skip: chromium === undefined ? 'no Chromium to back the apps session' : false,
}, async (t) => {
  const built = await buildDesktopApp(t);
  const news = await startFixtureServer('news');
  t.after(() => news.close());
  const dataDir = tempDataDir(t);
  const report = reportFile(t);
  const start = (...args: string[]) =>
    launch(t, built.electron, [built.developmentFolder, '--data-dir', dataDir, ...args], {
      report,
      chromium,
    });

  // Installed headless (the CLI's own browser profile): the desktop's profile has no worker for it yet.
  const installed = await cli(dataDir, 'install', `${news.origin}/`);
  assert.equal(installed.exitCode, 0, installed.stderr);
  // An event that never completes (a worker without the shim) fails in seconds, not the default 3 minutes.
  const limited = await cli(dataDir, 'config', 'set', 'time-limit', '15s');
  assert.equal(limited.exitCode, 0, limited.stderr);
  // Its icons are SVG only (nativeImage cannot decode SVG: such a window gets no icon rather than an empty one).
  const app = (() => {
    const store = Store.open(dataDir);
    try {
      const [installedApp] = store.apps.list();
      assert.ok(installedApp);
      const file = join('icons', installedApp.id, 'icon.svg');
      writeFileSync(join(dataDir, file), '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 1"/>');
      const svgIcon = { src: `${news.origin}/icon.svg`, file, sizes: 'any', type: 'image/svg+xml' };
      return store.apps.upsert({ ...installedApp, icons: [svgIcon] }, Date.now());
    } finally {
      store.close();
    }
  })();

  let first: StandInLaunch | undefined;
  await t.test(
    'a first launch re-primes the worker in a hidden window, serves, and shows the manager',
    async () => {
      first = start();
      await first.waitFor('tray-created');
      const hidden = first.lines('window-created').find((line) => line.partition === 'persist:apps');
      assert.ok(hidden, 're-priming opened a page of the apps session');
      assert.equal(hidden.show, false, 'in a hidden window');
      await first.waitFor('window-closed', (line) => line.window === hidden.window);
      await assertServing(dataDir);
      const manager = await first.waitFor('window-created', (line) => line.partition === 'persist:host-ui');
      const page = await first.waitFor('load', (line) => line.contents === manager.contents);
      assert.equal(page.url, 'pwa-host://ui/index.html');
      assert.equal(page.status, 200, 'the UI page comes from pwa-host:// with its build in place');
      assert.match(String(page.contentSecurityPolicy), /frame-ancestors 'none'/);
      await first.waitFor('window-shown', (line) => line.window === manager.window);
      assert.equal(first.lines('enable-sandbox').length, 1, 'the sandbox is on for renderers with no window');
    },
  );
  assert.ok(first, 'the first launch runs');

  await t.test('a second launch with no flags brings the manager forward', async () => {
    await secondInstance(first as StandInLaunch, () => start());
    await (first as StandInLaunch).waitFor(
      'window-focused',
      (line) => line.url === 'pwa-host://ui/index.html',
    );
  });

  await t.test('a second launch with --background changes nothing', async () => {
    const windows = (first as StandInLaunch).lines('window-created').length;
    await secondInstance(first as StandInLaunch, () => start('--background'));
    assert.equal((first as StandInLaunch).lines('window-created').length, windows);
  });

  await t.test('a second launch with --install URL opens the install flow in the manager', async () => {
    await secondInstance(first as StandInLaunch, () => start('--install', 'https://mail.example/'));
    await (first as StandInLaunch).waitFor('load', (line) =>
      String(line.url).startsWith('pwa-host://ui/index.html#/install/'),
    );
  });

  let appContents: number | undefined;
  await t.test("a second launch with --app-id opens the app's window on its start page", async () => {
    await secondInstance(first as StandInLaunch, () => start(`--app-id=${app.id}`));
    const window = await (first as StandInLaunch).waitFor(
      'window-created',
      (line) => line.partition === 'persist:apps' && line.title === app.name,
    );
    assert.equal(window.icon, null, 'no icon nativeImage would read as empty');
    const loaded = await (first as StandInLaunch).waitFor(
      'load',
      (line) => line.contents === window.contents,
    );
    assert.equal(loaded.url, app.startUrl);
    assert.equal(loaded.status, 200);
    await (first as StandInLaunch).waitFor('window-shown', (line) => line.window === window.window);
    appContents = window.contents as number;
  });

  await t.test('in an app window, only main-frame redirects are navigation policy', async () => {
    const running = first as StandInLaunch;
    // Electron emits will-redirect for every frame (shell/browser/electron_navigation_throttle.cc).
    const subframe = await running.command('navigation-event', {
      contents: appContents,
      event: 'will-redirect',
      url: 'https://maps.example/embed',
      isMainFrame: false,
    });
    assert.deepEqual(subframe, { prevented: false }, "an iframe's redirect is the page's business");
    const mainFrame = await running.command('navigation-event', {
      contents: appContents,
      event: 'will-redirect',
      url: 'https://login.example/',
      isMainFrame: true,
    });
    assert.deepEqual(mainFrame, { prevented: true });
    await running.waitFor('open-external', (line) => line.url === 'https://login.example/');
    assert.ok(
      running.lines('open-external').every((line) => line.url !== 'https://maps.example/embed'),
      "the iframe's target was not opened in the browser",
    );
  });

  await t.test('a second launch with --run-due leaves the work to the running app', async () => {
    await secondInstance(first as StandInLaunch, () => start('--ozone-platform=headless', '--run-due'));
    await assertServing(dataDir);
  });

  await t.test(
    'quitting stops the host and leaves a wake-up that runs the app on a headless display',
    async () => {
      assert.equal(await (first as StandInLaunch).quit(), 0, (first as StandInLaunch).output);
      assert.deepEqual(execStart(wakeUpUnit().service), [
        built.electron,
        built.developmentFolder,
        '--data-dir',
        dataDir,
        '--ozone-platform=headless',
        '--run-due',
      ]);
    },
  );

  await t.test(
    'the wake-up, run as its unit says with no display, re-primes, fires the due task and exits 0',
    async () => {
      const store = Store.open(dataDir);
      const registration = store.registrations.list(app.id)[0];
      assert.ok(registration, 'the app registered its periodic sync');
      store.registrations.setNextDue(registration.id, Date.now() - 60_000);
      store.close();
      // The apps session's profile lost the worker (as after a profile reset): the run loads the start page.
      rmSync(join(dataDir, 'electron', 'Partitions'), { recursive: true, force: true });
      const timerBefore = wakeUpUnit().timer;
      const [executable, ...args] = execStart(wakeUpUnit().service);
      const wakeUp = launch(t, executable as string, args, {
        report,
        chromium,
        // A systemd user timer can fire before the session exports a display.
        env: { DISPLAY: '', WAYLAND_DISPLAY: '', XDG_SESSION_TYPE: '' },
      });
      assert.equal(await wakeUp.exited, 0, wakeUp.output);
      assert.equal(wakeUp.lines('window-created').length, 1, 'one hidden page, to re-prime the worker');
      const after = Store.open(dataDir);
      try {
        const runs = after.runs.list({ appId: app.id });
        assert.deepEqual(
          runs.map((run) => [run.tag, run.trigger, run.outcome]),
          [[registration.tag, 'catch-up', 'success']],
        );
        assert.ok(
          (after.registrations.get(registration.scope, registration.tag)?.nextDueAt ?? 0) > Date.now(),
        );
      } finally {
        after.close();
      }
      assert.notEqual(wakeUpUnit().timer, timerBefore, 'the next wake-up is armed for the next due time');
    },
  );

  await t.test(
    'as first launches too: --background, --install URL and --app-id each serve and show what they ask',
    async () => {
      const cases: [string[], (running: StandInLaunch) => Promise<unknown>][] = [
        [['--background'], async (running) => assert.deepEqual(running.lines('window-shown'), [])],
        [
          ['--install', 'https://mail.example/'],
          (running) =>
            running.waitFor('load', (line) =>
              String(line.url).startsWith('pwa-host://ui/index.html#/install/'),
            ),
        ],
        [
          [`--app-id=${app.id}`],
          (running) => running.waitFor('load', (line) => line.url === app.startUrl && line.status === 200),
        ],
      ];
      for (const [flags, shows] of cases) {
        const running = start(...flags);
        await running.waitFor('tray-created');
        await assertServing(dataDir);
        await shows(running);
        assert.equal(await running.quit(), 0, running.output);
      }
    },
  );
});

test('launches only macOS and Windows make: login items start in the tray, a macOS wake-up hides the Dock icon and holds off App Nap', {
  timeout: 240_000,
}, async (t) => {
  const built = await buildDesktopApp(t);
  const report = reportFile(t);
  await t.test(
    'macOS: a login item carries no arguments; the app learns it was opened at login once ready',
    async () => {
      const home = tempDataDir(t);
      const env = { HOME: home };
      const dataDir = defaultDataDir(env, 'darwin');
      mkdirSync(dataDir, { recursive: true });
      const mac = launch(t, built.electron, [built.developmentFolder], {
        report,
        platform: 'darwin',
        atLogin: true,
        env,
      });
      await mac.waitFor('tray-created');
      await assertServing(dataDir);
      assert.deepEqual(mac.lines('window-created'), [], 'no window at login');
      assert.equal(await mac.quit(), 0, mac.output);
    },
  );
  await t.test('macOS wake-up: no Dock icon, and App Nap held off for the run', async () => {
    const dataDir = tempDataDir(t);
    const wake = launch(t, built.electron, [built.developmentFolder, '--data-dir', dataDir, '--run-due'], {
      report,
      platform: 'darwin',
    });
    assert.equal(await wake.exited, 0, wake.output);
    assert.equal(wake.lines('dock-hidden').length, 1);
    const started = wake.lines('power-save-blocker-started');
    assert.deepEqual(
      started.map((line) => line.type),
      ['prevent-app-suspension'],
    );
    assert.deepEqual(
      wake.lines('power-save-blocker-stopped').map((line) => line.id),
      [started[0]?.id],
    );
  });
  await t.test(
    'Windows: the login item runs --background; toasts get the installer’s AppUserModelID',
    async () => {
      const dataDir = tempDataDir(t);
      const windows = launch(
        t,
        built.electron,
        [built.developmentFolder, '--data-dir', dataDir, '--background'],
        {
          report,
          platform: 'win32',
          atLogin: true,
        },
      );
      // Serving: the tray comes once the host answers (on Windows on a named pipe, which the CLI here
      // cannot reach), and the host holds its store.
      await windows.waitFor('tray-created');
      const busy = await cli(dataDir, 'status');
      assert.match(busy.stderr, /in use by another process/);
      assert.deepEqual(windows.lines('window-created'), [], 'no window at login');
      assert.deepEqual(
        windows.lines('app-user-model-id').map((line) => line.id),
        [DESKTOP_APP_ID],
      );
      assert.equal(await windows.quit(), 0, windows.output);
    },
  );
});
