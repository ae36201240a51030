import { chmodSync, lstatSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** Folders in the data dir: the owner alone may list, enter or change them. */
export const PRIVATE_DIR_MODE = 0o700;
/** Files in the data dir: the owner alone may read or write them. */
export const PRIVATE_FILE_MODE = 0o600;

/**
 * Creates `dir` if needed and makes it owner-only. The chmod is what counts: mkdir's mode passes through
 * the process umask, and an existing folder keeps whatever mode it had.
 */
export function ensurePrivateDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
  setMode(dir, PRIVATE_DIR_MODE);
}

/** Makes one file owner-only, whatever umask it was created under. */
export function makePrivateFile(path: string): void {
  setMode(path, PRIVATE_FILE_MODE);
}

/** chmod only when the mode differs: a read-only mount refuses even a chmod that changes nothing. */
function setMode(path: string, mode: number): void {
  if ((statSync(path).mode & 0o777) !== mode) chmodSync(path, mode);
}

/**
 * Tightens everything under `dir` an older build (or a browser with a looser umask) left readable by
 * others: folders to 0700, files and sockets to 0600. Symlinks are skipped, never followed (Chromium's
 * SingletonLock points to a name that is not a file, and a link must not lead the chmod outside).
 */
export function tightenTree(dir: string): void {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    let stats: ReturnType<typeof lstatSync>;
    try {
      stats = lstatSync(path);
    } catch (error) {
      if (isGone(error)) continue; // removed between readdir and lstat
      throw error;
    }
    if (stats.isSymbolicLink()) continue;
    const wanted = stats.isDirectory() ? PRIVATE_DIR_MODE : PRIVATE_FILE_MODE;
    if ((stats.mode & 0o777) !== wanted) chmodSync(path, wanted);
    if (stats.isDirectory()) tightenTree(path);
  }
}

function isGone(error: unknown): boolean {
  return error instanceof Error && 'code' in error && error.code === 'ENOENT';
}
