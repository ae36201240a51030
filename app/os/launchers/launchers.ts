import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { defaultDataDir } from '../../host/data-dir.ts';
import type { AppRecord } from '../../store/records.ts';
import { xdgDataHome } from '../xdg-dirs.ts';
import { launcherCommand, launcherEntry } from './launcher-entry.ts';
import { bestLauncherIcon, GENERIC_LAUNCHER_ICON } from './launcher-icon.ts';

export interface LauncherLocation {
  /** Defaults to process.env; HOME and XDG_DATA_HOME decide where launchers live. */
  env?: NodeJS.ProcessEnv;
}

export interface LauncherOptions extends LauncherLocation {
  /** The argv that runs pwa-host, e.g. ['/usr/bin/pwa-host']. */
  hostCommand: readonly string[];
  /** The host's data dir: icon files are relative to it, and a non-default one goes into Exec. */
  dataDir: string;
}

// App ids become file names; refuse anything that could leave the applications folder.
const SAFE_APP_ID = /^[A-Za-z0-9_-]+$/;

/** `$XDG_DATA_HOME/applications/pwa-host-<appId>.desktop`. */
export function launcherPath(appId: string, location: LauncherLocation = {}): string {
  if (!SAFE_APP_ID.test(appId)) throw new Error(`not an app id: ${JSON.stringify(appId)}`);
  return join(xdgDataHome(location.env ?? process.env), 'applications', `pwa-host-${appId}.desktop`);
}

/** Writes (or rewrites, after an update) the app's launcher; returns its path. */
export function writeLauncher(app: AppRecord, options: LauncherOptions): string {
  const env = options.env ?? process.env;
  const path = launcherPath(app.id, options);
  const dataDir = isDefaultDataDir(options.dataDir, env) ? undefined : resolve(options.dataDir);
  const entry = launcherEntry(app, {
    command: launcherCommand(options.hostCommand, app.id, dataDir),
    icon: bestLauncherIcon(app.icons, options.dataDir) ?? GENERIC_LAUNCHER_ICON,
  });
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, entry);
  return path;
}

/** Removes the app's launcher, if there is one. */
export function removeLauncher(appId: string, location: LauncherLocation = {}): void {
  rmSync(launcherPath(appId, location), { force: true });
}

/**
 * Whether a launcher started from the desktop (no PWA_HOST_DATA_DIR there, even if this process has one)
 * would find this data dir without --data-dir.
 */
function isDefaultDataDir(dataDir: string, env: NodeJS.ProcessEnv): boolean {
  const { PWA_HOST_DATA_DIR: _override, ...desktopEnv } = env;
  return resolve(dataDir) === resolve(defaultDataDir(desktopEnv, 'linux'));
}
