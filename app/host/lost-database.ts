import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { HostError } from '../base/errors.ts';
import { ICONS_DIR } from '../install/icons-dir.ts';
import { DATABASE_FILE } from '../store/open-database.ts';

/**
 * Refuses to let a new, empty database be created where one was lost. A data dir "had apps" when
 * - `icons/` holds any entry: install gives every app a folder there (even one whose icons all failed),
 *   and uninstall and a failed first install remove it; or
 * - `pwa-host.db-wal` holds data: committed transactions not yet copied into the database.
 * A browser profile, a log or a lock file alone is no such sign: a failed first install leaves those too,
 * and a fresh database loses nothing there. "Lost" means the database file is missing or 0 bytes.
 */
export function refuseIfDatabaseLost(dataDir: string): void {
  const dbPath = join(dataDir, DATABASE_FILE);
  const size = sizeOf(dbPath);
  if (size !== undefined && size > 0) return;
  const evidence: string[] = [];
  const appIds = entriesOf(join(dataDir, ICONS_DIR));
  if (appIds.length > 0) {
    evidence.push(
      `the icons of ${appIds.length} installed app${appIds.length === 1 ? '' : 's'} (${appIds.slice(0, 5).join(', ')}) in ${join(dataDir, ICONS_DIR)}`,
    );
  }
  const walPath = `${dbPath}-wal`;
  if ((sizeOf(walPath) ?? 0) > 0) evidence.push(`its write-ahead log ${walPath}, which holds data`);
  if (evidence.length === 0) return;
  throw new HostError(
    'database-lost',
    `The database ${dbPath} is ${size === undefined ? 'missing' : 'empty'}, but this data dir still holds ` +
      `${evidence.join(' and ')}. PWA Host will not create an empty database over them. ` +
      `To recover: stop every PWA Host using ${dataDir}, restore ${DATABASE_FILE} from a backup into it ` +
      '(with its -wal file, if the backup has one) and start again. ' +
      `To start fresh instead, keeping everything that is there: mv "${dataDir}" "${dataDir}.old", ` +
      'then start PWA Host again (it creates a new data dir) and install your apps again.',
  );
}

function sizeOf(path: string): number | undefined {
  try {
    return statSync(path).size;
  } catch (error) {
    if (error instanceof Error && 'code' in error && error.code === 'ENOENT') return undefined;
    throw error;
  }
}

function entriesOf(dir: string): string[] {
  try {
    return readdirSync(dir).sort();
  } catch (error) {
    if (error instanceof Error && 'code' in error && error.code === 'ENOENT') return [];
    throw error;
  }
}
