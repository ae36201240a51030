import type { AppRecord } from '../../store/records.ts';
import { perDataDirName } from '../data-dir-name.ts';
import { DESKTOP_ENTRY_VERSION, renderDesktopEntry } from '../desktop-entry/desktop-entry-file.ts';
import { desktopExecLine } from '../desktop-entry/desktop-exec.ts';

export interface LauncherEntryInput {
  /** The full argv that opens the app, from `launcherCommand`. */
  command: readonly string[];
  /** An absolute icon file path or an icon theme name. */
  icon: string;
  /** From `launcherWindowClass`. */
  windowClass: string;
}

/**
 * The window class (X11) or app id (Wayland) the shell gives an app's windows, so docks group them under
 * the app's launcher: `pwa-host-<appId>` in the default data dir, `pwa-host-<appId>-<data dir hash>` in
 * another, so the same app opened from two data dirs groups under two launchers.
 */
export function launcherWindowClass(appId: string, dataDir: string, env: NodeJS.ProcessEnv): string {
  return perDataDirName(`pwa-host-${appId}`, dataDir, env);
}

/** `[...hostCommand, (--data-dir <dir>), --app-id=<id>]`: the data dir only when it is not the default. */
export function launcherCommand(hostCommand: readonly string[], appId: string, dataDir?: string): string[] {
  return [...hostCommand, ...(dataDir === undefined ? [] : ['--data-dir', dataDir]), `--app-id=${appId}`];
}

/** The freedesktop launcher (application menu entry) of one installed app. */
export function launcherEntry(app: AppRecord, input: LauncherEntryInput): string {
  return renderDesktopEntry({
    Type: 'Application',
    Version: DESKTOP_ENTRY_VERSION,
    Name: app.name,
    Comment: `${app.name} (${app.origin}), a web app in PWA Host`,
    Exec: desktopExecLine(input.command),
    Icon: input.icon,
    Terminal: false,
    Categories: ['Network'],
    StartupWMClass: input.windowClass,
  });
}
