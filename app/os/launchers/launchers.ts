import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { AppRecord } from '../../store/records.ts';
import { isDefaultDataDir } from '../data-dir-name.ts';
import { xdgDataHome } from '../xdg-dirs.ts';
import { launcherCommand, launcherEntry, launcherWindowClass } from './launcher-entry.ts';
import { bestLauncherIcon, GENERIC_LAUNCHER_ICON } from './launcher-icon.ts';

export interface LauncherLocation {
  /** The host's data dir: every data dir has its own launcher for an app both installed. */
  dataDir: string;
  /** Defaults to process.env; HOME and XDG_DATA_HOME decide where launchers live. */
  env?: NodeJS.ProcessEnv;
}

export interface LauncherOptions extends LauncherLocation {
  /** The argv that runs pwa-host, e.g. ['/usr/bin/pwa-host']. */
  hostCommand: readonly string[];
}

// App ids become file names; refuse anything that could leave the applications folder.
const SAFE_APP_ID = /^[A-Za-z0-9_-]+$/;

/**
 * `$XDG_DATA_HOME/applications/<window class>.desktop`: `pwa-host-<appId>.desktop` for the default data
 * dir, `pwa-host-<appId>-<data dir hash>.desktop` for another. The file is named after the window class
 * because Wayland desktops match a window's app id to a launcher by its file name.
 */
export function launcherPath(appId: string, location: LauncherLocation): string {
  if (!SAFE_APP_ID.test(appId)) throw new Error(`not an app id: ${JSON.stringify(appId)}`);
  const env = location.env ?? process.env;
  const windowClass = launcherWindowClass(appId, location.dataDir, env);
  return join(xdgDataHome(env), 'applications', `${windowClass}.desktop`);
}

/** Writes (or rewrites, after an update) the app's launcher; returns its path. */
export function writeLauncher(app: AppRecord, options: LauncherOptions): string {
  const env = options.env ?? process.env;
  const path = launcherPath(app.id, options);
  const dataDir = isDefaultDataDir(options.dataDir, env) ? undefined : resolve(options.dataDir);
  const entry = launcherEntry(app, {
    command: launcherCommand(options.hostCommand, app.id, dataDir),
    icon: bestLauncherIcon(app.icons, options.dataDir) ?? GENERIC_LAUNCHER_ICON,
    windowClass: launcherWindowClass(app.id, options.dataDir, env),
  });
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, entry);
  return path;
}

/** Removes this data dir's launcher of the app, if there is one; other data dirs' launchers stay. */
export function removeLauncher(appId: string, location: LauncherLocation): void {
  rmSync(launcherPath(appId, location), { force: true });
}
