import { join } from 'node:path';
import { BrowserWindow } from 'electron';
import { preloadBundle } from '../app/desktop/bundle-layout.ts';
import { isHostPageUrl, managerUrl } from '../app/desktop/host-pages.ts';
import { hostUiWebPreferences } from '../app/desktop/web-preferences.ts';
import type { Logger } from '../app/logging/logger.ts';
import { openExternally } from './security.ts';

/** The "Manage apps…" window: the UI page from pwa-host://ui with the host API preload. One at a time. */
export class ManagerWindow {
  readonly #appRoot: string;
  readonly #isPackaged: boolean;
  readonly #logger: Logger;
  #window: BrowserWindow | undefined;

  constructor(appRoot: string, isPackaged: boolean, logger: Logger) {
    this.#appRoot = appRoot;
    this.#isPackaged = isPackaged;
    this.#logger = logger;
  }

  /** Shows the window (focused if open); `installUrl` opens the install flow for that URL. */
  show(installUrl?: string): void {
    const url = managerUrl(installUrl);
    const open = this.#window;
    if (open && !open.isDestroyed()) {
      if (installUrl !== undefined) open.loadURL(url).catch(() => {});
      if (open.isMinimized()) open.restore();
      open.focus();
      return;
    }
    const window = new BrowserWindow({
      title: 'PWA Host',
      width: 960,
      height: 720,
      minWidth: 480,
      minHeight: 360,
      show: false,
      webPreferences: hostUiWebPreferences(join(this.#appRoot, preloadBundle('ui')), this.#isPackaged),
    });
    this.#window = window;
    window.on('closed', () => {
      if (this.#window === window) this.#window = undefined;
    });
    // The host's pages never leave pwa-host://; links out go to the default browser after the scheme check.
    window.webContents.on('will-navigate', (event) => {
      if (isHostPageUrl(event.url)) return;
      event.preventDefault();
      openExternally(event.url, 'manager', this.#logger);
    });
    window.webContents.setWindowOpenHandler(({ url: target }) => {
      openExternally(target, 'manager', this.#logger);
      return { action: 'deny' };
    });
    window.once('ready-to-show', () => window.show());
    window.loadURL(url).catch((error: unknown) => {
      this.#logger.error({ error: String(error) }, 'the management UI did not load (run npm run build:ui)');
    });
  }
}
