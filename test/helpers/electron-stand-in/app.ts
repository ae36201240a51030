import { EventEmitter } from 'node:events';
import { mkdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { ProcessSingleton, type SecondLaunch } from './process-singleton.ts';
import { report } from './report.ts';
import type { StandInProcess } from './stand-in-process.ts';
import type { WindowList } from './window-list.ts';

/** An event a listener may cancel (Electron's `Event` with `preventDefault`). */
export function cancelableEvent(details: Record<string, unknown> = {}): {
  defaultPrevented: boolean;
  preventDefault(): void;
} {
  const event = {
    ...details,
    defaultPrevented: false,
    preventDefault() {
      event.defaultPrevented = true;
    },
  };
  return event;
}

/**
 * Electron's `app`, with the lifecycle electron/electron gives it. Sources, by behaviour:
 * - `ready` comes after the entry script ran, top-level awaits included (shell/common/node_bindings.cc
 *   `JoinAppCode`, lib/browser/init.ts `appCodeLoaded`), after `will-finish-launching`; `whenReady()`
 *   resolves just before the `ready` listeners run (shell/browser/browser.cc `DidFinishLaunching`);
 * - `quit()`: `before-quit` (cancelable), then every window closes (each `close` cancelable); with none left,
 *   `will-quit` (cancelable), then `quit` (shell/browser/browser.cc `Quit`, `NotifyAndShutdown`); `exit(code)`
 *   destroys windows without asking and quits with `code`, at once before `ready` (`ExitWithCode`);
 * - the last window closing emits `window-all-closed` unless the app is quitting (browser.cc
 *   `OnWindowAllClosed`, shell/browser/window_list.cc); lib/browser/init.ts adds the listener that quits
 *   when it is the only one;
 * - `enableSandbox()` throws after `ready` (shell/browser/api/electron_api_app.cc `EnableSandbox`) and
 *   removes `--no-sandbox` from the command line;
 * - `wasOpenedAtLogin` is true only from `ready` on, on macOS (shell/browser/mac/electron_application_delegate.mm
 *   `applicationDidFinishLaunching` sets it just before `ready`);
 * - `requestSingleInstanceLock(additionalData)`: Chromium's process singleton keyed by `userData`
 *   (process-singleton.ts); `second-instance` reaches the owner only once it is ready (electron_api_app.cc
 *   `NotificationCallbackWrapper`);
 * - `isPackaged` unless the executable is named `electron` (electron_api_app.cc `IsPackaged`).
 */
export class StandInApp extends EventEmitter {
  readonly #process: StandInProcess;
  readonly #windows: WindowList;
  readonly #paths = new Map<string, string>();
  #appPath = '';
  #ready = false;
  #resolveReady!: () => void;
  readonly #readyPromise = new Promise<void>((resolve) => {
    this.#resolveReady = resolve;
  });
  #quitting = false;
  #exiting = false;
  #exitCode = 0;
  #singleton: ProcessSingleton | undefined;
  readonly #earlyLaunches: SecondLaunch[] = [];
  #loginItem: Record<string, unknown> = { openAtLogin: false };
  name = 'Electron';
  readonly dock: { hide(): void } | undefined;

  constructor(standInProcess: StandInProcess, windows: WindowList) {
    super();
    this.#process = standInProcess;
    this.#windows = windows;
    // Chromium's default user-data folder (chrome/common/chrome_paths_linux.cc): ~/.config/<app name>.
    this.#paths.set('home', homedir());
    this.dock = standInProcess.platform === 'darwin' ? { hide: () => report('dock-hidden') } : undefined;
    windows.onCloseCancelled(() => {
      if (!this.#exiting) this.#quitting = false;
    });
    windows.onAllClosed(() => {
      if (this.#exiting || this.#quitting) this.#finishQuit();
      else this.emit('window-all-closed');
    });
  }

  get isPackaged(): boolean {
    return this.#process.isPackaged;
  }

  isReady(): boolean {
    return this.#ready;
  }

  whenReady(): Promise<void> {
    return this.#readyPromise;
  }

  /** Chromium finished launching (the boot calls it once the entry script has run). */
  finishLaunching(): void {
    this.emit('will-finish-launching');
    this.#ready = true;
    report('ready');
    this.#resolveReady();
    this.emit('ready', cancelableEvent(), {});
    for (const launch of this.#earlyLaunches.splice(0)) this.#secondInstance(launch);
  }

  getAppPath(): string {
    return this.#appPath;
  }

  /** lib/browser/init.ts `app.setAppPath(packagePath)`: internal, before the entry runs. */
  setAppPath(path: string): void {
    this.#appPath = path;
  }

  getPath(name: string): string {
    const path =
      this.#paths.get(name) ??
      (name === 'userData' ? join(process.env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), this.name) : '');
    if (!path) throw new Error(`Failed to get '${name}' path`);
    return path;
  }

  setPath(name: string, path: string): void {
    this.#paths.set(name, path);
  }

  /** lib/browser/init.ts sets it from package.json. */
  setVersion(version: string): void {
    report('version', { version });
  }

  enableSandbox(): void {
    if (this.#ready) throw new Error('app.enableSandbox() can only be called before app is ready');
    this.#process.enableSandbox();
    report('enable-sandbox');
  }

  setDesktopName(name: string): void {
    report('desktop-name', { name });
  }

  setAppUserModelId(id: string): void {
    report('app-user-model-id', { id });
  }

  setBadgeCount(count: number): boolean {
    report('badge', { count });
    return true;
  }

  getLoginItemSettings(): Record<string, unknown> {
    return {
      ...this.#loginItem,
      wasOpenedAtLogin: this.#process.platform === 'darwin' && this.#process.launchedAtLogin && this.#ready,
    };
  }

  setLoginItemSettings(settings: Record<string, unknown>): void {
    this.#loginItem = { ...this.#loginItem, ...settings };
    report('login-item', { settings });
  }

  relaunch(options: { execPath?: string; args?: string[] } = {}): void {
    report('relaunch', { execPath: options.execPath, args: options.args });
  }

  requestSingleInstanceLock(additionalData?: unknown): boolean {
    if (this.#singleton) return true;
    const dir = this.getPath('userData');
    mkdirSync(dir, { recursive: true });
    const launch: SecondLaunch = {
      argv: [process.execPath, ...this.#process.commandLine.slice(1)],
      cwd: process.cwd(),
      additionalData,
    };
    this.#singleton = ProcessSingleton.request(dir, launch, (later) => {
      if (this.#ready) this.#secondInstance(later);
      else this.#earlyLaunches.push(later);
    });
    if (!this.#singleton) report('handed-to-first-instance');
    return this.#singleton !== undefined;
  }

  #secondInstance(launch: SecondLaunch): void {
    report('second-instance', { additionalData: launch.additionalData });
    this.emit('second-instance', cancelableEvent(), launch.argv, launch.cwd, launch.additionalData);
  }

  quit(): void {
    if (this.#quitting) return;
    const event = cancelableEvent();
    this.emit('before-quit', event);
    if (event.defaultPrevented) return;
    this.#quitting = true;
    if (this.#windows.isEmpty()) this.#finishQuit();
    else this.#windows.closeAll();
  }

  exit(code = 0): void {
    this.#exiting = true;
    this.#quitting = true;
    this.#exitCode = code;
    if (this.#windows.isEmpty()) this.#finishQuit();
    else this.#windows.destroyAll();
  }

  #finishQuit(): void {
    if (!this.#exiting) {
      const event = cancelableEvent();
      this.emit('will-quit', event);
      if (event.defaultPrevented) {
        this.#quitting = false;
        return;
      }
    }
    this.emit('quit', cancelableEvent(), this.#exitCode);
    this.#singleton?.release();
    this.#process.end(this.#exitCode);
  }
}
