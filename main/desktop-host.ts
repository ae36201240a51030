import { app, powerMonitor, type Session } from 'electron';
import { createOsConnectivity } from '../app/connectivity/os-connectivity.ts';
import { DESKTOP_LAUNCH_ARGS, desktopHostCommand } from '../app/desktop/desktop-host-command.ts';
import { withLoginItems } from '../app/desktop/login-items.ts';
import { createElectronEngine } from '../app/engine-electron/electron-engine.ts';
import type { ElectronSurface } from '../app/engine-electron/electron-surface.ts';
import { desktopIntegration } from '../app/host/desktop-integration.ts';
import type { ShellParts } from '../app/host/serving-host.ts';
import type { Logger } from '../app/logging/logger.ts';
import { ResumeListeners } from '../app/power/resume-source.ts';
import { electronPages } from './electron-pages.ts';

/**
 * The desktop shell's parts for the shared host composition (app/host/serving-host.ts): the Electron
 * engine on the apps session, the desktop's OS integration running the packaged app (not bin/pwa-host),
 * login items on macOS and Windows, connectivity from the OS source the core has, resume from powerMonitor.
 */
export function desktopParts(options: {
  dataDir: string;
  appsSession: Session;
  surface: ElectronSurface;
  logger: Logger;
}): ShellParts {
  const { dataDir, logger } = options;
  const engine = createElectronEngine({ surface: options.surface, logger });
  const hostCommand = desktopHostCommand({
    execPath: process.execPath,
    appPath: app.getAppPath(),
    isPackaged: app.isPackaged,
    env: process.env,
  });
  const os = desktopIntegration({ dataDir, hostCommand, launchArgs: DESKTOP_LAUNCH_ARGS, logger });
  const loginItems = {
    set(enabled: boolean) {
      // Windows passes args to the login item; macOS has none, and main.ts reads `wasOpenedAtLogin` instead.
      app.setLoginItemSettings({
        openAtLogin: enabled,
        args: ['--data-dir', dataDir, ...DESKTOP_LAUNCH_ARGS.background],
      });
    },
  };
  return {
    engine: Object.assign(engine, electronPages(options.appsSession, engine.workerScopes.bind(engine))),
    os: withLoginItems(os, loginItems, process.platform),
    connectivity: createOsConnectivity(logger),
    createResumeSource() {
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
    },
  };
}
