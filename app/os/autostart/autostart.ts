import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { perDataDirName } from '../data-dir-name.ts';
import { readDesktopEntryFlag } from '../desktop-entry/read-desktop-entry-flag.ts';
import { xdgConfigHome } from '../xdg-dirs.ts';
import { autostartEntry } from './autostart-entry.ts';

export interface AutostartLocation {
  /** Each data dir has its own entry: two hosts on two data dirs may both start at login. */
  dataDir: string;
  /** Defaults to process.env; HOME and XDG_CONFIG_HOME decide where the entry lives. */
  env?: NodeJS.ProcessEnv;
  /** Defaults to process.platform. */
  platform?: NodeJS.Platform;
}

export interface AutostartOptions extends AutostartLocation {
  /** The argv that runs pwa-host, e.g. ['/usr/bin/pwa-host']; `--data-dir <dir>` and `startArgs` are appended. */
  hostCommand: readonly string[];
  /** What starts the host in the background: `serve` for the CLI (the default), `--background` for the desktop app. */
  startArgs?: readonly string[];
}

/** macOS and Windows start programs at login through login items, which the Electron shell sets. */
export class AutostartUnsupportedError extends Error {
  constructor(platform: NodeJS.Platform) {
    super(
      `autostart on ${platform} is a login item of the desktop app; the command line sets it only on Linux`,
    );
    this.name = 'AutostartUnsupportedError';
  }
}

/**
 * `$XDG_CONFIG_HOME/autostart/pwa-host.desktop` for the default data dir, `pwa-host-<data dir hash>.desktop`
 * for another, so switching autostart off in one data dir leaves another's entry alone.
 */
export function autostartPath(location: AutostartLocation): string {
  const platform = location.platform ?? process.platform;
  if (platform === 'darwin' || platform === 'win32') throw new AutostartUnsupportedError(platform);
  const env = location.env ?? process.env;
  return join(
    xdgConfigHome(env),
    'autostart',
    `${perDataDirName('pwa-host', location.dataDir, env)}.desktop`,
  );
}

/** Writes (or rewrites) the autostart entry; returns its path. */
export function enableAutostart(options: AutostartOptions): string {
  const path = autostartPath(options);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, autostartEntry(options.hostCommand, options.dataDir, options.startArgs));
  return path;
}

/** Removes the autostart entry, if there is one. */
export function disableAutostart(location: AutostartLocation): void {
  rmSync(autostartPath(location), { force: true });
}

/**
 * Whether the session will start the host at login: our entry exists and the user has not switched it off
 * in the desktop's startup settings, which write Hidden=true or X-GNOME-Autostart-enabled=false into it.
 */
export function isAutostartEnabled(location: AutostartLocation): boolean {
  const path = autostartPath(location);
  if (!existsSync(path)) return false;
  const text = readFileSync(path, 'utf8');
  return (
    readDesktopEntryFlag(text, 'Hidden') !== true &&
    readDesktopEntryFlag(text, 'X-GNOME-Autostart-enabled') !== false
  );
}
