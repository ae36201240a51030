import { BrowserWindow, Menu, nativeImage, screen } from 'electron';
import { decideNavigation, decideWindowOpen } from '../app/desktop/navigation-policy.ts';
import { appWindowWebPreferences } from '../app/desktop/web-preferences.ts';
import { placeOnScreen, type WindowBoundsFile } from '../app/desktop/window-bounds.ts';
import {
  appWindowOptions,
  hasNavigationControls,
  nativeImageFormats,
} from '../app/desktop/window-options.ts';
import type { Logger } from '../app/logging/logger.ts';
import { bestSavedIcon } from '../app/os/launchers/launcher-icon.ts';
import type { AppRecord } from '../app/store/records.ts';
import { openExternally, withinOpenBudget } from './security.ts';

export interface AppWindowsOptions {
  dataDir: string;
  bounds: WindowBoundsFile;
  logger: Logger;
}

/** Windows of installed apps: one per app (opening again focuses it), plus the ones its pages open in scope. */
export class AppWindows {
  readonly #options: AppWindowsOptions;
  readonly #main = new Map<string, BrowserWindow>();
  /** Every window of each app, the ones its pages opened included. */
  readonly #all = new Map<string, Set<BrowserWindow>>();

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
    const saved = this.#options.bounds.get(app.id);
    const placed =
      saved &&
      placeOnScreen(
        saved,
        screen.getAllDisplays().map((display) => display.workArea),
      );
    const window = this.#create(app, app.startUrl, placed);
    this.#main.set(app.id, window);
    window.on('close', () => this.#remember(app.id, window));
    window.on('closed', () => {
      if (this.#main.get(app.id) === window) this.#main.delete(app.id);
    });
  }

  /** After an uninstall: its windows close and its remembered bounds go. */
  closeApp(appId: string): void {
    this.#main.delete(appId);
    for (const window of this.#all.get(appId) ?? []) window.destroy();
    this.#all.delete(appId);
    this.#options.bounds.forget(appId);
  }

  /** Open app windows, all apps together. */
  count(): number {
    let count = 0;
    for (const windows of this.#all.values()) count += windows.size;
    return count;
  }

  /** On quit (which closes windows without their close events): remember where every app window is. */
  rememberAll(): void {
    for (const [appId, window] of this.#main) this.#remember(appId, window);
  }

  #remember(appId: string, window: BrowserWindow): void {
    if (window.isDestroyed()) return;
    this.#options.bounds.set(appId, { ...window.getNormalBounds(), fullscreen: window.isFullScreen() });
  }

  #create(app: AppRecord, url: string, placed: Parameters<typeof appWindowOptions>[1]): BrowserWindow {
    const { dataDir, logger } = this.#options;
    const iconPath = bestSavedIcon(app.icons, dataDir, nativeImageFormats(process.platform));
    const window = new BrowserWindow({
      ...appWindowOptions(app, placed),
      ...(iconPath ? { icon: nativeImage.createFromPath(iconPath) } : {}),
      webPreferences: appWindowWebPreferences(),
    });
    const windows = this.#all.get(app.id) ?? new Set();
    this.#all.set(app.id, windows.add(window));
    window.on('closed', () => windows.delete(window));
    const contents = window.webContents;
    if (hasNavigationControls(app)) {
      window.setMenu(
        Menu.buildFromTemplate([
          { label: 'Back', accelerator: 'Alt+Left', click: () => contents.navigationHistory.goBack() },
          { label: 'Forward', accelerator: 'Alt+Right', click: () => contents.navigationHistory.goForward() },
          { role: 'reload' },
        ]),
      );
    }
    // will-navigate comes for the main frame only; will-redirect for every frame
    // (shell/browser/electron_navigation_throttle.cc): an app's iframe may load, and redirect to, anything.
    contents.on('will-navigate', (event) => this.#checkNavigation(event, app));
    contents.on('will-redirect', (event) => {
      if (event.isMainFrame) this.#checkNavigation(event, app);
    });
    contents.setWindowOpenHandler(({ url: target }) => {
      const decision = decideWindowOpen(target, app.scope);
      if (decision.kind === 'app-window') {
        // The handler is not told whether a click asked for it: a page looping window.open(its own URL)
        // must not open windows forever.
        if (withinOpenBudget(`${app.id} windows`)) this.#create(app, decision.url, undefined);
        else logger.warn({ app: app.id }, 'window.open refused: too many windows in a short time');
      } else if (decision.kind === 'open-external') openExternally(decision.url, app.id, logger);
      else logger.warn({ app: app.id, reason: decision.reason }, 'window.open refused');
      return { action: 'deny' };
    });
    window.once('ready-to-show', () => window.show());
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
    if (decision.kind === 'open-external') openExternally(decision.url, app.id, this.#options.logger);
    else this.#options.logger.warn({ app: app.id, reason: decision.reason }, 'navigation refused');
  }
}
