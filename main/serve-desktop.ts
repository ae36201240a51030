import { join } from 'node:path';
import { app, ipcMain, session } from 'electron';
import { withTimeout } from '../app/base/wait.ts';
import { trayIcon } from '../app/desktop/bundle-layout.ts';
import { DESKTOP_STOP_GRACE_MS, startDesktopHost } from '../app/desktop/desktop-host.ts';
import type { Show } from '../app/desktop/launch-decision.ts';
import { performTrayAction } from '../app/desktop/tray-host.ts';
import { HOST_UI_PARTITION } from '../app/desktop/web-preferences.ts';
import { WindowBoundsFile } from '../app/desktop/window-bounds.ts';
import type { HostOperations } from '../app/host/host-api.ts';
import { inProcessApi } from '../app/host/in-process-api.ts';
import type { ShellParts } from '../app/host/serving-host.ts';
import type { Logger } from '../app/logging/logger.ts';
import { AppWindows } from './app-windows.ts';
import { ManagerWindow } from './manager-window.ts';
import { createTray } from './tray.ts';
import { registerUiIpc } from './ui-ipc.ts';

/** Quit waits this long for the host to stop (events in flight get DESKTOP_STOP_GRACE_MS of it). */
const QUIT_LIMIT_MS = DESKTOP_STOP_GRACE_MS + 4000;

export interface DesktopServeOptions {
  dataDir: string;
  appRoot: string;
  parts: ShellParts;
  logger: Logger;
  /** Called once the host answers, so the apps session's permission handler knows the installed scopes. */
  serving(operations: HostOperations): void;
}

/**
 * The long-running desktop app: the desktop host (the serving host and its control socket), app windows,
 * the manager window and the tray. Closing the last window keeps it running (main.ts listens to
 * `window-all-closed` from the start);
 * quitting stops the host, which leaves the OS wake-up with the app's own command. Returns what to show.
 */
export async function serveDesktop(options: DesktopServeOptions): Promise<(what: Show) => void> {
  const { dataDir, appRoot, logger } = options;
  const host = await startDesktopHost(options.parts, { dataDir, logger });
  const { operations } = host;
  options.serving(operations);
  const windows = new AppWindows({ dataDir, bounds: new WindowBoundsFile(dataDir, logger), logger });
  const manager = new ManagerWindow(appRoot, app.isPackaged, logger);
  // The manager window's host API (preload/ui.ts): only the pwa-host://ui top frame of the UI session is answered.
  const stopUiIpc = registerUiIpc({
    ipcMain,
    session: session.fromPartition(HOST_UI_PARTITION),
    api: inProcessApi(operations),
    logger,
  });

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
  const tray = createTray(
    join(appRoot, trayIcon(process.platform)),
    operations,
    (action) => void performTrayAction(action, { operations, show, quit: () => app.quit(), logger }),
    logger,
  );

  // macOS: a click on the dock icon with no window open shows the manager.
  app.on('activate', () => {
    if (windows.count() === 0) manager.show();
  });
  let stopping = false;
  app.on('before-quit', (event) => {
    event.preventDefault();
    if (stopping) return;
    stopping = true;
    const stopped = (async () => {
      windows.rememberAll();
      tray.destroy();
      stopUiIpc();
      // Stops firing (events in flight get the grace), then leaves the OS wake-up for the next due time.
      await host.stop();
      return 0;
    })();
    withTimeout(stopped, QUIT_LIMIT_MS, () => {
      logger.error({ limitMs: QUIT_LIMIT_MS }, 'the host did not stop in time; quitting anyway');
      return 1;
    })
      .catch((error: unknown) => {
        logger.error({ error: String(error) }, 'the host did not stop cleanly');
        return 1;
      })
      .then((exitCode) => app.exit(exitCode));
  });
  // A session logout or Ctrl-C in `npm start` stops the host the same way as Quit.
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => app.quit());
  return show;
}
