import { join } from 'node:path';
import Database from 'better-sqlite3';
import { MIGRATIONS, SCHEMA_VERSION } from './migrations.ts';
import { ensurePrivateDir, makePrivateFile } from './private-dir.ts';
import { databaseCorrupted, schemaTooNew, storeErrorFor } from './store-errors.ts';

export const DATABASE_FILE = 'pwa-host.db';

export interface OpenDatabaseOptions {
  /** Open without migrating or writing anything (for inspection while a host runs). */
  readonly?: boolean;
}

/**
 * Opens the host database in `dataDir`, refusing (and leaving the file as it is) when it is damaged or
 * was written by a newer build. Nothing is written before those checks pass.
 */
export function openDatabase(dataDir: string, options: OpenDatabaseOptions = {}): Database.Database {
  if (!options.readonly) ensurePrivateDir(dataDir);
  const path = join(dataDir, DATABASE_FILE);
  let db: Database.Database;
  try {
    db = new Database(path, { timeout: 5000, readonly: options.readonly === true });
  } catch (error) {
    throw storeErrorFor(path, error);
  }
  try {
    // The WAL and shared-memory files SQLite creates later take the database file's mode.
    if (!options.readonly) makePrivateFile(path);
    checkReadable(db, path);
    if (!options.readonly) {
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = NORMAL');
      // The one writer keeps the file to itself (the data dir's lock already says no one else writes):
      // no shared-memory locking on every transaction. Readers ask the running host over its socket.
      db.pragma('locking_mode = EXCLUSIVE');
    }
    db.pragma('foreign_keys = ON');
    if (!options.readonly) migrate(db);
    else if ((db.pragma('user_version', { simple: true }) as number) < SCHEMA_VERSION) {
      return migratedSnapshot(db);
    }
    return db;
  } catch (error) {
    db.close();
    throw storeErrorFor(path, error);
  }
}

function checkReadable(db: Database.Database, path: string): void {
  let version: number;
  let problems: string[];
  try {
    version = db.pragma('user_version', { simple: true }) as number;
    problems = (db.pragma('quick_check') as { quick_check: string }[]).map((row) => row.quick_check);
  } catch (error) {
    // Busy, read-only, full: each says what is true; only corruption is called damage.
    throw storeErrorFor(path, error);
  }
  if (version > SCHEMA_VERSION) throw schemaTooNew(path, version, SCHEMA_VERSION);
  if (problems.length !== 1 || problems[0] !== 'ok') {
    throw databaseCorrupted(path, `integrity check: ${problems.slice(0, 3).join('; ')}`);
  }
}

/**
 * A read-only look at a database an older build wrote (no host has migrated it yet): an in-memory copy,
 * migrated, so queries of this build work while the file stays as it is.
 */
function migratedSnapshot(db: Database.Database): Database.Database {
  const snapshot = new Database(db.serialize());
  db.close();
  snapshot.pragma('foreign_keys = ON');
  migrate(snapshot);
  return snapshot;
}

function migrate(db: Database.Database): void {
  const apply = db.transaction(() => {
    const from = db.pragma('user_version', { simple: true }) as number;
    for (let version = from; version < SCHEMA_VERSION; version += 1) {
      db.exec(MIGRATIONS[version] as string);
    }
    db.pragma(`user_version = ${SCHEMA_VERSION}`);
  });
  apply.immediate();
}
