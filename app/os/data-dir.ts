import { homedir } from 'node:os';
import { join } from 'node:path';
import { xdgDataHome } from './xdg-dirs.ts';

/**
 * Where a host keeps its database, browser profile, icons and logs: `PWA_HOST_DATA_DIR` if set, else the
 * platform's per-user application data folder.
 */
export function defaultDataDir(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
): string {
  if (env.PWA_HOST_DATA_DIR) return env.PWA_HOST_DATA_DIR;
  const home = env.HOME ?? homedir();
  if (platform === 'win32') return join(env.APPDATA ?? join(home, 'AppData', 'Roaming'), 'PWA Host');
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', 'PWA Host');
  return join(xdgDataHome(env), 'pwa-host');
}
