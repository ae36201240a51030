import { BrowserWindow, nativeImage, screen } from 'electron';
import { decideNavigation, decideWindowOpen } from '../app/desktop/navigation-policy.ts';
import { appWindowWebPreferences } from '../app/desktop/web-preferences.ts';
import { placeOnScreen, type WindowBoundsFile } from '../app/desktop/window-bounds.ts';
import { appWindowOptions } from '../app/desktop/window-options.ts';
import type { Logger } from '../app/logging/logger.ts';
import { bestLauncherIcon } from '../app/os/launchers/launcher-icon.ts';
import type { AppRecord } from '../app/store/records.ts';
import { openExternally } from './security.ts';

export interface AppWindowsOptions {
  dataDir: string;
  bounds: WindowBoundsFile;
  logger: Logger;
}

/** Windows of installed apps: one per app (opening again focuses it), plus the ones its pages open in scope. */
export class AppWindows {
  readonly #options: AppWindowsOptions;
  readonly #main = new Map<string, BrowserWindow>();

  constructor(options: AppWindowsOptions) {
    this.#options = options;
  }

  /** Shows the app's window, or focuses it if it is open. */
  open(app: AppRecord): void {
    const open = this.#main.get(app.id);
    if (open && !open.isDestroyed()) {
      if (open.isMinimized()) open.restore();
      open.focus();
      return;
    }
    const window = this.#create(app, app.startUrl, true);
    this.#main.set(app.id, window);
    window.on('closed', () => {
      if (this.#main.get(app.id) === window) this.#main.delete(app.id);
    });
  }

  /** After an uninstall: its windows close and its remembered bounds go. */
  closeApp(appId: string): void {
    this.#main.get(appId)?.close();
    this.#options.bounds.forget(appId);
  }

  #create(app: AppRecord, url: string, remember: boolean): BrowserWindow {
    const { bounds, dataDir, logger } = this.#options;
    const saved = remember ? bounds.get(app.id) : undefined;
    const placed =
      saved &&
      placeOnScreen(
        saved,
        screen.getAllDisplays().map((display) => display.workArea),
      );
    const iconPath = bestLauncherIcon(app.icons, dataDir);
    const window = new BrowserWindow({
      ...appWindowOptions(app, placed && 'x' in placed ? placed : undefined),
      ...(placed && !('x' in placed) ? { width: placed.width, height: placed.height } : {}),
      ...(iconPath ? { icon: nativeImage.createFromPath(iconPath) } : {}),
      webPreferences: appWindowWebPreferences(),
    });
    const contents = window.webContents;
    contents.on('will-navigate', (event) => this.#checkNavigation(event, app));
    contents.on('will-redirect', (event) => this.#checkNavigation(event, app));
    contents.setWindowOpenHandler(({ url: target }) => {
      const decision = decideWindowOpen(target, app.scope);
      if (decision.kind === 'app-window') this.#create(app, decision.url, false);
      else if (decision.kind === 'open-external') openExternally(decision.url, logger);
      else logger.warn({ app: app.id, reason: decision.reason }, 'window.open refused');
      return { action: 'deny' };
    });
    // The page's <title> would replace the manifest's name; keep the app's name in the title bar.
    window.on('page-title-updated', (event) => event.preventDefault());
    window.once('ready-to-show', () => window.show());
    if (remember) {
      window.on('close', () => {
        const normal = window.getNormalBounds();
        bounds.set(app.id, { ...normal, fullscreen: window.isFullScreen() });
      });
    }
    window.loadURL(url).catch((error: unknown) => {
      logger.warn({ app: app.id, url, error: String(error) }, 'the app page did not load');
      window.show();
    });
    return window;
  }

  #checkNavigation(event: { url: string; preventDefault(): void }, app: AppRecord): void {
    const decision = decideNavigation(event.url, app.scope);
    if (decision.kind === 'allow') return;
    event.preventDefault();
    if (decision.kind === 'open-external') openExternally(decision.url, this.#options.logger);
    else this.#options.logger.warn({ app: app.id, reason: decision.reason }, 'navigation refused');
  }
}
