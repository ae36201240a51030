import { HostError } from '../base/errors.ts';

/** The data dir is in use by another running host. */
export function hostAlreadyRunning(dataDir: string, pid: string | undefined): HostError {
  const who = pid ? ` (pid ${pid})` : '';
  return new HostError(
    'host-already-running',
    `Another PWA Host is already running with the data dir ${dataDir}${who}. ` +
      'Stop it first, or use a different data dir with --data-dir.',
  );
}

export function schemaTooNew(dbPath: string, found: number, supported: number): HostError {
  return new HostError(
    'schema-too-new',
    `The database ${dbPath} has schema version ${found}, but this build of PWA Host understands up to ${supported}. ` +
      'It was written by a newer PWA Host. Upgrade PWA Host; the file has been left untouched.',
  );
}

export function databaseCorrupted(dbPath: string, detail: string): HostError {
  return new HostError(
    'database-corrupted',
    `The database ${dbPath} is damaged (${detail}). PWA Host will not run on it and has not changed it. ` +
      `To recover: stop every PWA Host using this data dir, move the file aside (mv "${dbPath}" "${dbPath}.damaged"), ` +
      `then either try to salvage it with \`sqlite3 "${dbPath}.damaged" .recover | sqlite3 "${dbPath}"\` ` +
      'or start PWA Host to create an empty database and install your apps again.',
  );
}

/** The data dir is locked, but the pid it names is not running: something else holds the lock file. */
export function dataDirLockedByAnotherProcess(
  dataDir: string,
  lockPath: string,
  pid: number | undefined,
): HostError {
  const pidNote =
    pid === undefined
      ? 'no running PWA Host recorded its pid'
      : `host.pid names pid ${pid}, which is not running`;
  return new HostError(
    'data-dir-locked',
    `The data dir ${dataDir} is locked, but not by a running PWA Host (${pidNote}): another process holds ` +
      `${lockPath} open. Find it with \`fuser -v "${lockPath}"\` (or lsof), stop it, and start PWA Host again. ` +
      'Nothing in the data dir needs to be removed.',
  );
}

/** A file or folder the host must own (the data dir, its lock) belongs to another user. */
export function notOwnedByThisUser(path: string, owner: number): HostError {
  return new HostError(
    'not-owned',
    `${path} belongs to another user (uid ${owner}), so PWA Host will not use it: whoever owns it could ` +
      'read your data or lock you out. Use a data dir of your own (--data-dir), or have an administrator ' +
      `give it back to you (chown).`,
  );
}

/** Another process has the database open for writing: most often a host that is still starting. */
export function databaseInUse(dbPath: string): HostError {
  return new HostError(
    'database-in-use',
    `The database ${dbPath} is in use by another process, most likely a PWA Host that is still starting ` +
      '(it answers commands once it has started). Try again in a moment. Nothing is wrong with the file.',
  );
}

/** The data dir (or a file in it) cannot be written: a read-only mount, an immutable file, permissions. */
export function cannotWrite(path: string, detail: string): HostError {
  return new HostError(
    'data-dir-not-writable',
    `PWA Host cannot write to ${path} (${detail}): the data dir is read-only, immutable or not writable by ` +
      'you, and SQLite must write beside the database even to read it. Fix the mount or the permissions ' +
      '(remount read-write, chattr -i, chown) and try again. Nothing has been changed.',
  );
}

/** The disk holding the data dir is full. */
export function diskFull(path: string): HostError {
  return new HostError(
    'disk-full',
    `The disk holding ${path} is full. Free some space; PWA Host retries by itself and nothing recorded is lost.`,
  );
}

const IN_USE = /^SQLITE_(BUSY|LOCKED)/;
const NOT_WRITABLE = /^(SQLITE_(READONLY|CANTOPEN|PERM|AUTH)|EACCES|EROFS|EPERM)/;
const FULL = /^(SQLITE_FULL|ENOSPC|EDQUOT)/;
const CORRUPT = /^SQLITE_(CORRUPT|NOTADB)/;

/**
 * What an SQLite or file-system error met while opening or writing the store means for the user. Only real
 * corruption is called damage: "locked" and "not writable" are not, and advice to move a database aside
 * when it is merely busy would lose data. Errors of no known kind pass through unchanged.
 */
export function storeErrorFor(path: string, error: unknown): unknown {
  if (!(error instanceof Error) || !('code' in error) || typeof error.code !== 'string') return error;
  if (IN_USE.test(error.code)) return databaseInUse(path);
  if (NOT_WRITABLE.test(error.code)) return cannotWrite(path, error.message);
  if (FULL.test(error.code)) return diskFull(path);
  if (CORRUPT.test(error.code)) return databaseCorrupted(path, error.message);
  return error;
}

const STORE_FAILURES = new Set([
  'database-in-use',
  'data-dir-not-writable',
  'disk-full',
  'database-corrupted',
]);

/** Whether `error` is the store failing to read or write (as opposed to a rule or a caller's mistake). */
export function isStoreFailure(error: unknown): error is HostError {
  return error instanceof HostError && STORE_FAILURES.has(error.code);
}
