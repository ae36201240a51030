import { HostError } from '../sync/errors.ts';

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
