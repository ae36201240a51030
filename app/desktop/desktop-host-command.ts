import type { LaunchArgs } from '../host/desktop-integration.ts';

/**
 * Chromium's switch that makes Linux Electron run with no display server. Chromium picks its Ozone platform
 * in `ElectronMainDelegate::PreSandboxStartup` (electron/electron shell/app/electron_main_delegate.cc), long
 * before main.js runs, so `app.commandLine.appendSwitch` would come too late: it must be in the command.
 */
export const HEADLESS_OZONE_SWITCH = '--ozone-platform=headless';

/**
 * What the OS integration writes after `--data-dir DIR` for the desktop app: its own flags (the CLI's are
 * `serve` and `serve --run-due`). On Linux the wake-up runs on Ozone's headless platform: a systemd user
 * timer (`Persistent=true`) can fire before the session has exported DISPLAY or WAYLAND_DISPLAY, and
 * Electron on X11 or Wayland aborts without one; a wake-up shows no window, so it needs no display.
 */
export function desktopLaunchArgs(platform: NodeJS.Platform): LaunchArgs {
  return {
    background: ['--background'],
    runDue: platform === 'linux' ? [HEADLESS_OZONE_SWITCH, '--run-due'] : ['--run-due'],
  };
}

export interface DesktopProcess {
  /** Electron's `process.execPath`: the app executable when packaged, the electron binary otherwise. */
  execPath: string;
  /** Electron's `app.getAppPath()`: app.asar when packaged; in development the folder `electron` was given. */
  appPath: string;
  isPackaged: boolean;
  env: NodeJS.ProcessEnv;
}

/**
 * The desktop app's own command, as launchers, the autostart entry and OS wake-ups run it (the flags go
 * after it). An AppImage runs from a temporary mount that is gone once it exits, so its stable path is the
 * image file, which the AppImage runtime puts in $APPIMAGE. A development run is `electron <app folder>`.
 */
export function desktopHostCommand(process: DesktopProcess): string[] {
  if (process.isPackaged) return [process.env.APPIMAGE || process.execPath];
  return [process.execPath, process.appPath];
}

/** Where the launch flags start in Electron's argv: after the executable, and after the app folder in development. */
export function launchArgv(argv: readonly string[], isPackaged: boolean): string[] {
  return argv.slice(isPackaged ? 1 : 2);
}
