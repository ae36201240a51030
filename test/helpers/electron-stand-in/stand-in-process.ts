import { basename } from 'node:path';
import { report } from './report.ts';

/** Environment variables the test sets for a stand-in Electron process (none of them Electron's). */
export const STAND_IN_ENV = {
  /** `process.platform` as the app sees it (darwin, win32), for launches no machine here can make. */
  platform: 'PWA_HOST_STAND_IN_PLATFORM',
  /** "1": the OS started the app as a login item (macOS reports it from `ready` on). */
  login: 'PWA_HOST_STAND_IN_LOGIN',
  /** The Chromium that backs the apps session's pages and service workers. */
  chromium: 'PWA_HOST_STAND_IN_CHROMIUM',
} as const;

/**
 * The process-wide facts of a stand-in Electron process: its executable and command line, the platform it
 * pretends to be, whether renderers are sandboxed, and how it ends (taking its browsers with it).
 */
export class StandInProcess {
  readonly executable: string;
  /** Chromium's command line: the executable, then every argument (switches stay in process.argv too). */
  readonly commandLine: string[];
  readonly platform: NodeJS.Platform;
  readonly launchedAtLogin: boolean;
  readonly chromium: string | undefined;
  readonly #endings: (() => void)[] = [];
  readonly #realExit: (code?: number) => never;
  readonly #alive: NodeJS.Timeout;
  #sandboxEnabled = false;

  constructor(executable: string, args: readonly string[], env: NodeJS.ProcessEnv) {
    this.executable = executable;
    this.commandLine = [executable, ...args];
    // shell/app/electron_main_delegate.cc: ELECTRON_DISABLE_SANDBOX appends --no-sandbox.
    if (env.ELECTRON_DISABLE_SANDBOX) this.commandLine.push('--no-sandbox');
    this.platform = (env[STAND_IN_ENV.platform] as NodeJS.Platform | undefined) || process.platform;
    this.launchedAtLogin = env[STAND_IN_ENV.login] === '1';
    this.chromium = env[STAND_IN_ENV.chromium] || undefined;
    this.#realExit = process.exit.bind(process) as (code?: number) => never;
    // Electron's message loop keeps the process alive until it quits, whatever the app has pending.
    this.#alive = setInterval(() => {}, 1 << 30);
  }

  /** shell/browser/api/electron_api_app.cc `IsPackaged`: any executable not named electron. */
  get isPackaged(): boolean {
    return basename(this.executable).toLowerCase() !== 'electron';
  }

  #hasSwitch(name: string): boolean {
    return this.commandLine.some((arg) => arg === `--${name}` || arg.startsWith(`--${name}=`));
  }

  /** `app.enableSandbox()`: removes --no-sandbox and appends --enable-sandbox (electron_api_app.cc). */
  enableSandbox(): void {
    this.#sandboxEnabled = true;
    for (let index = this.commandLine.length - 1; index > 0; index--)
      if (this.commandLine[index] === '--no-sandbox') this.commandLine.splice(index, 1);
  }

  /**
   * shell/app/command_line_args.cc `IsSandboxEnabled`: renderers started without a window (service workers)
   * get the sandboxed renderer client, the only one that runs service-worker preloads, only then.
   */
  get renderersSandboxed(): boolean {
    return this.#sandboxEnabled || !this.#hasSwitch('no-sandbox');
  }

  /**
   * What stops Electron before any JavaScript runs, as the process starts: root without --no-sandbox
   * (electron_main_delegate.cc, crbug.com/638180), and on Linux an Ozone platform with no display server to
   * talk to. The platform is chosen in `ElectronMainDelegate::PreSandboxStartup` from `--ozone-platform`
   * (default `auto` since Electron 38: Wayland in a Wayland session, else X11, docs/breaking-changes.md);
   * X11 without DISPLAY and Wayland without a compositor abort. Returns the message, or undefined.
   */
  startupFailure(env: NodeJS.ProcessEnv): string | undefined {
    if (process.getuid?.() === 0 && !this.#hasSwitch('no-sandbox'))
      return 'Running as root without --no-sandbox is not supported. See https://crbug.com/638180.';
    if (this.platform !== 'linux') return undefined;
    const chosen =
      this.commandLine.find((arg) => arg.startsWith('--ozone-platform='))?.split('=')[1] ?? 'auto';
    const platform =
      chosen === 'auto'
        ? env.XDG_SESSION_TYPE === 'wayland' || env.WAYLAND_DISPLAY
          ? 'wayland'
          : 'x11'
        : chosen;
    if (platform === 'x11' && !env.DISPLAY)
      return 'Missing X server or $DISPLAY\nThe platform failed to initialize.  Exiting.';
    if (platform === 'wayland' && !env.WAYLAND_DISPLAY)
      return 'Failed to connect to Wayland display\nThe platform failed to initialize.  Exiting.';
    return undefined;
  }

  /** Runs `ending` when the process ends (browsers the stand-in started). */
  onEnd(ending: () => void): void {
    this.#endings.push(ending);
  }

  end(code: number): never {
    clearInterval(this.#alive);
    for (const ending of this.#endings.splice(0)) ending();
    report('exit', { code });
    return this.#realExit(code);
  }
}
