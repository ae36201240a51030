/**
 * What the OS integration writes after `--data-dir DIR` for the desktop app: its own flags (the CLI's are
 * `serve` and `serve --run-due`).
 */
export const DESKTOP_LAUNCH_ARGS = { background: ['--background'], runDue: ['--run-due'] } as const;

export interface DesktopProcess {
  /** Electron's `process.execPath`: the app executable when packaged, the electron binary otherwise. */
  execPath: string;
  /** Electron's `app.getAppPath()`: the folder (or app.asar) holding package.json. */
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
