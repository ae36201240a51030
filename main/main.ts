/**
 * The Electron main process: parse the launch flags, hold the data dir's single-instance lock, compose the
 * host from the desktop's parts, serve the control socket, and show the tray and windows. Every decision
 * is a pure function in app/desktop; this file only wires Electron to them.
 */
import { join, resolve } from 'node:path';
import { app, dialog, session } from 'electron';
import { startControlServer } from '../app/control/control-server.ts';
import { controlSocketPath } from '../app/control/control-socket.ts';
import { BUNDLE_LAYOUT } from '../app/desktop/bundle-layout.ts';
import { launchArgv } from '../app/desktop/desktop-host-command.ts';
import {
  decideFirstLaunch,
  decideSecondLaunch,
  type FirstLaunch,
  type Show,
} from '../app/desktop/launch-decision.ts';
import { launchFlagsSchema, parseLaunchFlags } from '../app/desktop/launch-flags.ts';
import { performTrayAction } from '../app/desktop/tray-host.ts';
import type { TrayAction } from '../app/desktop/tray-menu.ts';
import { APPS_PARTITION, HOST_UI_PARTITION } from '../app/desktop/web-preferences.ts';
import { WindowBoundsFile } from '../app/desktop/window-bounds.ts';
import { createHostLogger } from '../app/headless/cli/host-logger.ts';
import { STOP_GRACE_MS } from '../app/headless/cli/serve.ts';
import { runDueAndStop, startServeHost } from '../app/host/serving-host.ts';
import { defaultDataDir } from '../app/os/data-dir.ts';
import { ensurePrivateDir } from '../app/store/private-dir.ts';
import { AppWindows } from './app-windows.ts';
import { desktopParts } from './desktop-host.ts';
import { createElectronSurface, registerShimPreloads } from './electron-surface.ts';
import { registerHostScheme, serveHostPages } from './host-protocol.ts';
import { ManagerWindow } from './manager-window.ts';
import { lockDownWebContents, secureAppsSession, secureHostUiSession } from './security.ts';
import { createTray } from './tray.ts';

// The data dir, the profile and the log are this user's alone, whatever umask the session had.
process.umask(0o077);

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
    // Handed to the running instance, which validates it: Chromium may reorder or extend a second launch's argv.
    if (!app.requestSingleInstanceLock({ ...flags, dataDir })) {
      app.quit();
    } else {
      const launch = decideFirstLaunch(flags, {
        openedAtLogin: process.platform === 'darwin' && app.getLoginItemSettings().wasOpenedAtLogin,
      });
      app
        .whenReady()
        .then(() => start(dataDir, launch, problems))
        .catch((error: unknown) => fail(error, launch.mode === 'serve'));
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

async function start(dataDir: string, launch: FirstLaunch, problems: readonly string[]): Promise<void> {
  const logger = createHostLogger(dataDir, 'warn');
  for (const problem of problems) logger.warn({}, `launch flags: ${problem}`);
  const appRoot = app.getAppPath();
  const appsSession = session.fromPartition(APPS_PARTITION);
  const uiSession = session.fromPartition(HOST_UI_PARTITION);
  lockDownWebContents(logger);
  // The shim's preloads must be registered before any renderer or worker of the session starts.
  registerShimPreloads(appsSession, join(appRoot, BUNDLE_LAYOUT.preloads));
  serveHostPages(uiSession, appRoot);
  secureHostUiSession(uiSession);
  // Before the host opens any page (re-priming workers on start): until the host answers, no scope is
  // installed and every request is denied, never granted by Electron's default.
  let installedScopes = (): string[] => [];
  secureAppsSession(appsSession, () => installedScopes());
  const parts = desktopParts({ dataDir, appsSession, surface: createElectronSurface(appsSession), logger });

  if (launch.mode === 'run-due') {
    const runs = await runDueAndStop(parts, { dataDir, logger });
    logger.info({ runs: runs.length }, 'ran what was due');
    app.exit(runs.every((run) => run.outcome === 'success') ? 0 : 1);
    return;
  }

  const served = await startServeHost(parts, { dataDir, logger });
  const { operations } = served;
  installedScopes = () => operations.list().map((installed) => installed.scope);
  const control = await startControlServer({
    socketPath: controlSocketPath(dataDir),
    operations,
    logger,
  }).catch(async (error: unknown) => {
    await served.close(0);
    throw error;
  });
  const windows = new AppWindows({ dataDir, bounds: new WindowBoundsFile(dataDir, logger), logger });
  const manager = new ManagerWindow(appRoot, app.isPackaged, logger);
  // LEAD: once branch `ui` is merged, register its IPC here: registerUiIpc(...) from './ui-ipc.ts'.

  const show = (what: Show) => {
    if (what.kind === 'manager') manager.show();
    else if (what.kind === 'install') manager.show(what.url);
    else if (what.kind === 'app') {
      const installed = operations.list().find((candidate) => candidate.id === what.appId);
      if (installed) windows.open(installed);
      else {
        logger.warn({ app: what.appId }, 'no installed app has this id; showing the app list');
        manager.show();
      }
    }
  };
  operations.events.on('app-removed', (removed) => windows.closeApp(removed.id));

  const act = (action: TrayAction) =>
    void performTrayAction(action, { operations, show, quit: () => app.quit(), logger });
  const tray = createTray(join(appRoot, BUNDLE_LAYOUT.trayIcon), operations, act, logger);

  app.on('second-instance', (_event, _argv, _cwd, additionalData) => {
    const handed = launchFlagsSchema.safeParse(additionalData);
    if (!handed.success) {
      logger.warn(
        { error: handed.error.message },
        'a second launch handed over flags that are not valid; ignored',
      );
      return;
    }
    const decision = decideSecondLaunch(handed.data, { dataDir, mode: 'serve' });
    if (decision.kind === 'show') show(decision.show);
    else logger.info({ reason: decision.reason }, 'second launch');
  });
  // Closing the last window keeps the host in the tray: background work goes on.
  app.on('window-all-closed', () => {});
  let stopping: Promise<void> | undefined;
  app.on('before-quit', (event) => {
    if (stopping === undefined) {
      stopping = (async () => {
        tray.destroy();
        await control.close();
        // Leaves the OS wake-up for the next due time, with the packaged app as its command.
        await served.close(STOP_GRACE_MS);
      })()
        .catch((error: unknown) => logger.error({ error: String(error) }, 'the host did not stop cleanly'))
        .finally(() => app.exit(0));
    }
    event.preventDefault();
  });
  show(launch.show);
}
