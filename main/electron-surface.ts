import { join } from 'node:path';
import { ipcMain, type Session, webContents } from 'electron';
import type { ElectronSurface } from '../app/engine-electron/electron-surface.ts';

/**
 * Real Electron → the Electron engine's port (app/engine-electron/electron-surface.ts), for the apps
 * session (`persist:apps`). Thin on purpose: every decision is in app/, where tests reach it.
 */
export function createElectronSurface(apps: Session): ElectronSurface {
  const { serviceWorkers } = apps;
  return {
    serviceWorkers: {
      startWorkerForScope: (scope) => serviceWorkers.startWorkerForScope(scope),
      getWorkerFromVersionID: (versionId) => serviceWorkers.getWorkerFromVersionID(versionId),
      onRunningStatusChanged(listener) {
        const forward = ({
          versionId,
          runningStatus,
        }: Electron.Event<Electron.ServiceWorkersRunningStatusChangedEventParams>) =>
          listener({ versionId, runningStatus });
        serviceWorkers.on('running-status-changed', forward);
        return () => serviceWorkers.off('running-status-changed', forward);
      },
    },
    pages: {
      handle(channel, listener) {
        ipcMain.handle(channel, (event, ...args: unknown[]) => {
          // Only the apps session's pages carry the shim; anything else on this channel is refused.
          if (event.sender.session !== apps) throw new Error('Refused: not a page of an installed app.');
          return listener({ senderFrame: event.senderFrame }, ...args);
        });
      },
      removeHandler: (channel) => ipcMain.removeHandler(channel),
      topLevelOrigins: () =>
        webContents
          .getAllWebContents()
          .filter((contents) => !contents.isDestroyed() && contents.session === apps)
          .map((contents) => contents.mainFrame.origin),
    },
  };
}

/**
 * Registers the shim's preloads (built to `preloadDir`/service-worker.js and app-page.js) on the apps
 * session. Call it before any window or worker of the session exists: a preload registered after the
 * renderer process launched does not run there (electron.md, "Service workers from the main process").
 */
export function registerShimPreloads(apps: Session, preloadDir: string): void {
  apps.registerPreloadScript({
    id: 'pwa-host-shim-service-worker',
    type: 'service-worker',
    filePath: join(preloadDir, 'service-worker.js'),
  });
  apps.registerPreloadScript({
    id: 'pwa-host-shim-app-page',
    type: 'frame',
    filePath: join(preloadDir, 'app-page.js'),
  });
}
