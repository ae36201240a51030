import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { ensurePrivateDir, makePrivateFile, PRIVATE_FILE_MODE, tightenTree } from './private-dir.ts';
import {
  dataDirLockedByAnotherProcess,
  hostAlreadyRunning,
  notOwnedByThisUser,
  storeErrorFor,
} from './store-errors.ts';

export const LOCK_FILE = 'host.lock';
const PID_FILE = 'host.pid';

/**
 * One running host per data dir. The lock is an exclusive transaction held open on a small SQLite file:
 * SQLite's file locks work on every OS, are shared correctly between connections in one process, and the
 * OS releases them when the process dies, so a SIGKILLed host never leaves a stale lock behind.
 *
 * Anyone who can open the file can hold a read lock on it and so keep the host out; the file lives in
 * the owner-only data dir, is itself owner-only, and a lock file (or data dir) owned by another user is
 * refused rather than trusted.
 */
export class HostLock {
  readonly #db: Database.Database;

  private constructor(db: Database.Database) {
    this.#db = db;
  }

  /** Takes the data dir for this process and makes everything in it owner-only (tightening older builds). */
  static acquire(dataDir: string): HostLock {
    refuseIfOwnedByAnotherUser(dataDir);
    const lockPath = join(dataDir, LOCK_FILE);
    const pidPath = join(dataDir, PID_FILE);
    refuseIfOwnedByAnotherUser(lockPath);
    let db: Database.Database;
    try {
      ensurePrivateDir(dataDir);
      db = new Database(lockPath, { timeout: 0 });
    } catch (error) {
      throw storeErrorFor(lockPath, error);
    }
    try {
      makePrivateFile(lockPath);
      db.pragma('locking_mode = EXCLUSIVE');
      db.exec('BEGIN EXCLUSIVE');
    } catch (error) {
      db.close();
      if (!isBusy(error)) throw storeErrorFor(lockPath, error);
      const pid = readPid(pidPath);
      if (pid !== undefined && isAlive(pid)) throw hostAlreadyRunning(dataDir, String(pid));
      throw dataDirLockedByAnotherProcess(dataDir, lockPath, pid);
    }
    try {
      tightenTree(dataDir);
      writeFileSync(pidPath, `${process.pid}\n`, { mode: PRIVATE_FILE_MODE });
      makePrivateFile(pidPath);
    } catch (error) {
      db.close();
      throw storeErrorFor(dataDir, error);
    }
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

function refuseIfOwnedByAnotherUser(path: string): void {
  if (process.getuid === undefined) return; // Windows: ownership is an ACL matter
  let owner: number;
  try {
    owner = statSync(path).uid;
  } catch (error) {
    if (error instanceof Error && 'code' in error && error.code === 'ENOENT') return;
    throw error;
  }
  if (owner !== process.getuid()) throw notOwnedByThisUser(path, owner);
}

function isBusy(error: unknown): boolean {
  return (
    error instanceof Error &&
    'code' in error &&
    (error.code === 'SQLITE_BUSY' || error.code === 'SQLITE_LOCKED')
  );
}

function readPid(pidPath: string): number | undefined {
  try {
    const pid = Number(readFileSync(pidPath, 'utf8').trim());
    return Number.isSafeInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

/** Signal 0 checks that the process exists without touching it; EPERM means it exists as another user. */
function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return error instanceof Error && 'code' in error && error.code === 'EPERM';
  }
}
