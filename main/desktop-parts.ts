import { app, powerMonitor, type Session } from 'electron';
import { createOsConnectivity } from '../app/connectivity/os-connectivity.ts';
import { desktopOsIntegration } from '../app/desktop/desktop-host.ts';
import { desktopLaunchArgs } from '../app/desktop/desktop-host-command.ts';
import { createElectronEngine } from '../app/engine-electron/electron-engine.ts';
import type { ElectronSurface } from '../app/engine-electron/electron-surface.ts';
import type { ShellParts } from '../app/host/serving-host.ts';
import type { Logger } from '../app/logging/logger.ts';
import type { ResumeSource } from '../app/power/resume-source.ts';
import { ResumeListeners } from '../app/power/resume-source.ts';
import type { AppRecord } from '../app/store/records.ts';
import { createElectronNotifications } from './electron-notifications.ts';
import { electronPages } from './electron-pages.ts';

/** `powerMonitor`'s resume (every platform) as the host's resume source: the host re-plans on it. */
function powerMonitorResume(): ResumeSource {
  const listeners = new ResumeListeners();
  const onResume = () => listeners.notify();
  powerMonitor.on('resume', onResume);
  return {
    kind: 'electron-power-monitor',
    onResume: (listener) => listeners.add(listener),
    close() {
      powerMonitor.off('resume', onResume);
      listeners.clear();
    },
  };
}

/**
 * The desktop shell's parts for the shared host composition (app/host/serving-host.ts): the Electron
 * engine on the apps session with hidden pages for install and `open`, the desktop's OS integration
 * running the app itself, connectivity from the OS source the core has (Electron's main process has no
 * online/offline event), resume from powerMonitor.
 */
export function desktopParts(options: {
  dataDir: string;
  /** From `desktopHostCommand`: the packaged app (never bin/pwa-host). */
  hostCommand: readonly string[];
  appsSession: Session;
  surface: ElectronSurface;
  /** Opens or focuses an app's window (a click on one of its notifications). */
  openApp: (app: AppRecord) => void;
  logger: Logger;
}): ShellParts {
  const { dataDir, logger } = options;
  const engine = createElectronEngine({ surface: options.surface, logger });
  const os = desktopOsIntegration({
    dataDir,
    hostCommand: options.hostCommand,
    loginItems: {
      set(enabled) {
        // Windows passes args to the login item; macOS has none (a login launch is read as --background).
        app.setLoginItemSettings({
          openAtLogin: enabled,
          args: ['--data-dir', dataDir, ...desktopLaunchArgs(process.platform).background],
        });
      },
    },
    logger,
    platform: process.platform,
  });
  return {
    engine: Object.assign(engine, electronPages(options.appsSession, engine.workerScopes.bind(engine))),
    os,
    connectivity: createOsConnectivity(logger),
    createResumeSource: powerMonitorResume,
    notifications: createElectronNotifications(logger),
    openApp: options.openApp,
  };
}
