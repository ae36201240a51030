import { resolve } from 'node:path';
import { defaultDataDir } from './data-dir.ts';

/** 8 hex digits of the SHA-256 of the resolved data dir path: tells apart files two data dirs would share. */
export function dataDirHash(dataDir: string): string {
  // Loaded here, not imported: the ESM import of node:crypto costs `pwa-host status` some 6 ms of start-up.
  const { createHash } = process.getBuiltinModule('node:crypto');
  return createHash('sha256').update(resolve(dataDir)).digest('hex').slice(0, 8);
}

/**
 * Whether a desktop entry started from the desktop (no PWA_HOST_DATA_DIR there, even if this process has
 * one) would find this data dir without --data-dir.
 */
export function isDefaultDataDir(dataDir: string, env: NodeJS.ProcessEnv): boolean {
  const { PWA_HOST_DATA_DIR: _override, ...desktopEnv } = env;
  return resolve(dataDir) === resolve(defaultDataDir(desktopEnv, 'linux'));
}

/**
 * The name of a file one data dir leaves in a folder every data dir shares: `base` for the default data
 * dir (the name earlier builds used), `base-<hash of the data dir>` for any other, so that removing one
 * data dir's file never removes another's.
 */
export function perDataDirName(base: string, dataDir: string, env: NodeJS.ProcessEnv): string {
  return isDefaultDataDir(dataDir, env) ? base : `${base}-${dataDirHash(dataDir)}`;
}
