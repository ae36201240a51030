import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { hostAlreadyRunning } from './store-errors.ts';

/**
 * One running host per data dir. The lock is an exclusive transaction held open on a small SQLite file:
 * SQLite's file locks work on every OS, are shared correctly between connections in one process, and the
 * OS releases them when the process dies, so a SIGKILLed host never leaves a stale lock behind.
 */
export class HostLock {
  readonly #db: Database.Database;

  private constructor(db: Database.Database) {
    this.#db = db;
  }

  static acquire(dataDir: string): HostLock {
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    const pidPath = join(dataDir, 'host.pid');
    const db = new Database(join(dataDir, 'host.lock'), { timeout: 0 });
    try {
      db.pragma('locking_mode = EXCLUSIVE');
      db.exec('BEGIN EXCLUSIVE');
    } catch (error) {
      db.close();
      if (isBusy(error)) throw hostAlreadyRunning(dataDir, readPid(pidPath));
      throw error;
    }
    writeFileSync(pidPath, `${process.pid}\n`);
    return new HostLock(db);
  }

  /** Whether some host currently holds the lock for this data dir (without taking it). */
  static isHeld(dataDir: string): boolean {
    try {
      HostLock.acquire(dataDir).release();
      return false;
    } catch (error) {
      if (error instanceof Error && 'code' in error && error.code === 'host-already-running') return true;
      throw error;
    }
  }

  release(): void {
    if (!this.#db.open) return;
    this.#db.exec('ROLLBACK');
    this.#db.close();
  }
}

function isBusy(error: unknown): boolean {
  return (
    error instanceof Error &&
    'code' in error &&
    (error.code === 'SQLITE_BUSY' || error.code === 'SQLITE_LOCKED')
  );
}

function readPid(pidPath: string): string | undefined {
  try {
    return readFileSync(pidPath, 'utf8').trim() || undefined;
  } catch {
    return undefined;
  }
}
