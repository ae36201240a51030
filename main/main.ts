/**
 * The Electron main process: parse the launch flags, hold the data dir's single-instance lock, compose the
 * host from the desktop's parts, serve the control socket, and show the tray and windows. Every decision
 * is a pure function in app/desktop; this file only wires Electron to them.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { app, dialog, powerSaveBlocker, session } from 'electron';
import { DESKTOP_APP_ID, DESKTOP_ENTRY_NAME } from '../app/desktop/app-identity.ts';
import { preventAppNapWhenDue } from '../app/desktop/app-nap-guard.ts';
import { BUNDLE_LAYOUT, bundleRoot } from '../app/desktop/bundle-layout.ts';
import { desktopHostCommand, launchArgv } from '../app/desktop/desktop-host-command.ts';
import { decideFirstLaunch, type FirstLaunch } from '../app/desktop/launch-decision.ts';
import { type LaunchFlags, launchFlagsArgv, parseLaunchFlags } from '../app/desktop/launch-flags.ts';
import { applySessionEnvironment, launchHandover } from '../app/desktop/launch-handover.ts';
import { APPS_PARTITION, HOST_UI_PARTITION } from '../app/desktop/web-preferences.ts';
import { createHostLogger } from '../app/host/host-logger.ts';
import { runDueAndStop } from '../app/host/serving-host.ts';
import { defaultDataDir } from '../app/os/data-dir.ts';
import { DATABASE_FILE } from '../app/store/open-database.ts';
import { ensurePrivateDir } from '../app/store/private-dir.ts';
import type { AppRecord } from '../app/store/records.ts';
import { Store } from '../app/store/store.ts';
import { desktopParts } from './desktop-parts.ts';
import { guardDownloads } from './downloads.ts';
import { createElectronSurface, registerShimPreloads } from './electron-surface.ts';
import { registerHostScheme, serveHostPages } from './host-protocol.ts';
import { followSecondLaunches } from './second-launches.ts';
import { lockDownWebContents, secureAppsSession, secureHostUiSession } from './security.ts';
import { serveDesktop } from './serve-desktop.ts';

// The data dir, the profile and the log are this user's alone, whatever umask the session had.
process.umask(0o077);

// Electron quits when the last window closes unless the app listens itself (lib/browser/init.ts), and
// hidden windows count: re-priming a worker loads a start page in one and closes it, which would end a
// wake-up before it fired anything and a first start during start-up. The host decides when it quits: a
// wake-up when its run is done, the serving app on Quit (closing every window leaves it in the tray).
app.on('window-all-closed', () => {});

// A service worker woken with no window gets the shim's preload only in a sandboxed renderer (Electron's
// sandboxed renderer client runs service-worker preloads, the other one has no such hook), and `--no-sandbox`
// (the usual AppImage workaround, or root) would turn that off for every renderer without a window.
app.enableSandbox();

const parsed = parseLaunchFlags(launchArgv(process.argv, app.isPackaged), process.cwd());
if (parsed.kind === 'help') {
  process.stdout.write(parsed.text);
  app.exit(0);
} else {
  for (const problem of parsed.problems) process.stderr.write(`pwa-host: ${problem}\n`);
  const { flags, problems } = parsed;
  try {
    const dataDir = resolve(flags.dataDir ?? defaultDataDir(process.env));
    ensurePrivateDir(dataDir);
    // Electron's own state (sessions, the single-instance lock) lives in the data dir: one instance per data dir.
    app.setPath('userData', join(dataDir, 'electron'));
    registerHostScheme();
    // Linux: the badge (Unity LauncherEntry) and window grouping name the installed .desktop entry.
    app.setDesktopName(DESKTOP_ENTRY_NAME);
    // Windows: toasts show only for the AppUserModelID of the app's Start menu shortcut.
    if (process.platform === 'win32') app.setAppUserModelId(DESKTOP_APP_ID);
    // macOS: a wake-up has no window to show, so no Dock icon either.
    if (flags.runDue) app.dock?.hide();
    // Handed to the running instance, which validates it: Chromium may reorder or extend a second launch's
    // argv. The desktop session goes too: a wake-up run starts this launch again once it is done.
    if (!app.requestSingleInstanceLock(launchHandover({ ...flags, dataDir }, process.env))) {
      app.quit();
    } else {
      app
        .whenReady()
        .then(() => startLaunch(dataDir, flags, problems))
        .catch((error: unknown) => fail(error, !flags.runDue));
    }
  } catch (error) {
    fail(error, !flags.runDue);
  }
}

/** A start that failed: said on stderr, and in a dialog when a person started the app (not a wake-up). */
function fail(error: unknown, interactive: boolean): void {
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`pwa-host: ${message}\n`);
  if (interactive) dialog.showErrorBox('PWA Host could not start', message);
  app.exit(1);
}

/**
 * Once ready: what this launch does. macOS says whether a login item opened the app only from `ready` on
 * (Electron sets it in applicationDidFinishLaunching, just before `ready`), so the decision waits for it.
 */
function startLaunch(dataDir: string, flags: LaunchFlags, problems: readonly string[]): Promise<void> {
  const launch = decideFirstLaunch(flags, {
    openedAtLogin: process.platform === 'darwin' && app.getLoginItemSettings().wasOpenedAtLogin,
  });
  return start(dataDir, launch, problems);
}

async function start(dataDir: string, launch: FirstLaunch, problems: readonly string[]): Promise<void> {
  const logger = createHostLogger(dataDir, 'warn');
  for (const problem of problems) logger.warn({}, `launch flags: ${problem}`);
  // The app's files, next to main.js (app.asar when packaged, the checkout in development).
  const appRoot = bundleRoot(__dirname);
  const appsSession = session.fromPartition(APPS_PARTITION);
  const uiSession = session.fromPartition(HOST_UI_PARTITION);
  lockDownWebContents(logger);
  // The shim's preloads must be registered before any renderer or worker of the session starts.
  registerShimPreloads(appsSession, join(appRoot, BUNDLE_LAYOUT.preloads));
  serveHostPages(uiSession, appRoot);
  secureHostUiSession(uiSession);
  guardDownloads(uiSession, 'host-ui', () => [], logger);
  // Before the host opens any page (re-priming workers on start): until the host answers, no scope is
  // installed and every request is denied, never granted by Electron's default.
  let installedScopes = (): string[] => [];
  secureAppsSession(appsSession, () => installedScopes());
  guardDownloads(appsSession, 'apps', () => installedScopes(), logger);
  // This app's own command, as launchers, autostart and wake-ups run it.
  const command = desktopHostCommand({
    execPath: process.execPath,
    appPath: app.getAppPath(),
    isPackaged: app.isPackaged,
    env: process.env,
  });
  // App windows exist once the host serves; a notification clicked before then opens nothing.
  let showApp = (_installed: AppRecord): void => {};
  const parts = desktopParts({
    dataDir,
    hostCommand: command,
    appsSession,
    surface: createElectronSurface(appsSession),
    openApp: (installed) => showApp(installed),
    logger,
  });

  const launches = followSecondLaunches({ dataDir, mode: launch.mode }, logger);
  if (launch.mode === 'run-due') {
    // A wake-up installs nothing: the scopes as stored now hold for the whole run.
    const scopes = storedScopes(dataDir);
    installedScopes = () => scopes;
    // macOS: a windowless process is napped and its timers delayed; the run is what it is here for.
    const awake =
      process.platform === 'darwin' ? powerSaveBlocker.start('prevent-app-suspension') : undefined;
    const runs = await runDueAndStop(parts, { dataDir, logger });
    if (awake !== undefined) powerSaveBlocker.stop(awake);
    logger.info({ runs: runs.length }, 'ran what was due');
    const wanted = launches.startAfterRun();
    if (wanted) {
      // Someone launched the app during the run: start it as they asked, now that the lock is free, on
      // their display (the relaunch inherits this environment, and a wake-up's may have no display yet).
      applySessionEnvironment(process.env, wanted.session);
      const [execPath = process.execPath, ...before] = command;
      app.relaunch({ execPath, args: [...before, ...launchFlagsArgv(wanted.flags)] });
    }
    // The run did its job, whatever the apps' own tasks did (their failures are in `runs` and `alerts`): a
    // non-zero status would mark the OS wake-up itself failed. A host that could not run exits 1 (`fail`).
    app.exit(0);
    return;
  }
  const show = await serveDesktop({
    dataDir,
    appRoot,
    parts,
    logger,
    serving: (operations) => {
      installedScopes = () => operations.list().map((installed) => installed.scope);
      if (process.platform === 'darwin') {
        preventAppNapWhenDue(operations, {
          start: () => powerSaveBlocker.start('prevent-app-suspension'),
          stop: (id) => powerSaveBlocker.stop(id),
        });
      }
    },
  });
  showApp = (installed) => show({ kind: 'app', appId: installed.id });
  show(launch.show);
  launches.showWith(show);
}

/** The installed apps' scopes, read from the store without taking the data dir's lock. */
function storedScopes(dataDir: string): string[] {
  if (!existsSync(join(dataDir, DATABASE_FILE))) return [];
  const store = Store.open(dataDir, { readonly: true });
  try {
    return store.apps.list().map((installed) => installed.scope);
  } finally {
    store.close();
  }
}
