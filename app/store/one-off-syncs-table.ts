import type Database from 'better-sqlite3';
import type { OneOffSyncRecord, RunOutcome } from './records.ts';
import type { DueCandidate } from './registrations-table.ts';
import { mayFire, refileByScope } from './sync-table-sql.ts';

interface OneOffSyncRow {
  id: number;
  app_id: string;
  origin: string;
  scope: string;
  tag: string;
  created_at: number;
  next_attempt_at: number;
  attempts_made: number;
  firing: number;
  reregistered_while_firing: number;
  last_attempt_at: number | null;
  last_outcome: RunOutcome | null;
  last_error: string | null;
}

function fromRow(row: OneOffSyncRow): OneOffSyncRecord {
  return {
    id: row.id,
    appId: row.app_id,
    origin: row.origin,
    scope: row.scope,
    tag: row.tag,
    createdAt: row.created_at,
    nextAttemptAt: row.next_attempt_at,
    attemptsMade: row.attempts_made,
    firing: row.firing === 1,
    reregisteredWhileFiring: row.reregistered_while_firing === 1,
    lastAttemptAt: row.last_attempt_at,
    lastOutcome: row.last_outcome,
    lastError: row.last_error,
  };
}

export type NewOneOffSync = Pick<
  OneOffSyncRecord,
  'appId' | 'origin' | 'scope' | 'tag' | 'createdAt' | 'nextAttemptAt'
>;

const MAY_FIRE = mayFire('o');

/** The pending one-off syncs (see migration 4). A separate table: the periodic schedule never reads it. */
export class OneOffSyncsTable {
  readonly #statements;

  constructor(db: Database.Database) {
    this.#statements = {
      insert: db.prepare(
        `INSERT INTO one_off_syncs (app_id, origin, scope, tag, created_at, next_attempt_at)
         VALUES (@appId, @origin, @scope, @tag, @createdAt, @nextAttemptAt)`,
      ),
      byKey: db.prepare('SELECT * FROM one_off_syncs WHERE scope = ? AND tag = ?'),
      byId: db.prepare('SELECT * FROM one_off_syncs WHERE id = ?'),
      tagsOfScope: db
        .prepare('SELECT tag FROM one_off_syncs WHERE scope = ? ORDER BY created_at, id')
        .pluck(),
      countOfOrigin: db.prepare('SELECT count(*) FROM one_off_syncs WHERE origin = ?').pluck(),
      markReregistered: db.prepare('UPDATE one_off_syncs SET reregistered_while_firing = 1 WHERE id = ?'),
      setFiring: db.prepare('UPDATE one_off_syncs SET firing = ? WHERE id = ?'),
      retryLater: db.prepare(
        `UPDATE one_off_syncs SET firing = 0, reregistered_while_firing = 0, attempts_made = @attemptsMade,
           next_attempt_at = @nextAttemptAt, last_attempt_at = @endedAt, last_outcome = @outcome,
           last_error = @error WHERE id = @id`,
      ),
      deleteById: db.prepare('DELETE FROM one_off_syncs WHERE id = ?'),
      deleteScope: db.prepare('DELETE FROM one_off_syncs WHERE scope = ?'),
      appIdOfScope: db.prepare('SELECT app_id FROM one_off_syncs WHERE scope = ? LIMIT 1').pluck(),
      refileByScope: db.prepare(refileByScope('one_off_syncs')),
      all: db.prepare('SELECT * FROM one_off_syncs ORDER BY app_id, scope, created_at, id'),
      ofApp: db.prepare('SELECT * FROM one_off_syncs WHERE app_id = ? ORDER BY scope, created_at, id'),
      firing: db.prepare('SELECT * FROM one_off_syncs WHERE firing = 1'),
      dueAfter: db.prepare('SELECT * FROM one_off_syncs WHERE next_attempt_at > ?'),
      setNextAttempt: db.prepare('UPDATE one_off_syncs SET next_attempt_at = ? WHERE id = ?'),
      next: db.prepare(
        `SELECT o.id, o.next_attempt_at AS nextDueAt FROM one_off_syncs o JOIN apps a ON a.id = o.app_id
         WHERE ${MAY_FIRE} ORDER BY o.next_attempt_at LIMIT 1`,
      ),
      due: db.prepare(
        `SELECT o.* FROM one_off_syncs o JOIN apps a ON a.id = o.app_id
         WHERE ${MAY_FIRE} AND o.next_attempt_at <= ? ORDER BY o.next_attempt_at, o.id LIMIT ?`,
      ),
    };
  }

  insert(sync: NewOneOffSync): OneOffSyncRecord {
    const id = Number(this.#statements.insert.run(sync).lastInsertRowid);
    return {
      ...sync,
      id,
      attemptsMade: 0,
      firing: false,
      reregisteredWhileFiring: false,
      lastAttemptAt: null,
      lastOutcome: null,
      lastError: null,
    };
  }

  get(scope: string, tag: string): OneOffSyncRecord | undefined {
    const row = this.#statements.byKey.get(scope, tag) as OneOffSyncRow | undefined;
    return row && fromRow(row);
  }

  getById(id: number): OneOffSyncRecord | undefined {
    const row = this.#statements.byId.get(id) as OneOffSyncRow | undefined;
    return row && fromRow(row);
  }

  /** `SyncManager.getTags()`: pending and firing, in registration order. */
  tagsOf(scope: string): string[] {
    return this.#statements.tagsOfScope.all(scope) as string[];
  }

  countForOrigin(origin: string): number {
    return this.#statements.countOfOrigin.get(origin) as number;
  }

  markReregisteredWhileFiring(id: number): void {
    this.#statements.markReregistered.run(id);
  }

  setFiring(id: number, firing: boolean): void {
    this.#statements.setFiring.run(firing ? 1 : 0, id);
  }

  /** An attempt ended and another follows: records how it went and when the next may fire. */
  retryLater(
    id: number,
    update: {
      attemptsMade: number;
      nextAttemptAt: number;
      endedAt: number;
      outcome: RunOutcome;
      error: string | null;
    },
  ): void {
    this.#statements.retryLater.run({ id, ...update });
  }

  delete(id: number): boolean {
    return this.#statements.deleteById.run(id).changes > 0;
  }

  deleteScope(scope: string): number {
    return this.#statements.deleteScope.run(scope).changes;
  }

  /** The app the pending syncs of the worker registration `scope` are filed under, if any. */
  appIdOfScope(scope: string): string | undefined {
    return this.#statements.appIdOfScope.get(scope) as string | undefined;
  }

  /**
   * Files each pending sync of `origin` (or only those filed under the app `from`) under the app whose scope
   * contains its worker's scope, the longest (as `RegistrationsTable.refileByScope` does for periodic
   * registrations); a sync no app contains stays.
   */
  refileByScope(origin: string, from?: string): number {
    return this.#statements.refileByScope.run({ origin, from: from ?? null }).changes;
  }

  list(appId?: string): OneOffSyncRecord[] {
    const rows = (
      appId === undefined ? this.#statements.all.all() : this.#statements.ofApp.all(appId)
    ) as OneOffSyncRow[];
    return rows.map(fromRow);
  }

  listFiring(): OneOffSyncRecord[] {
    return (this.#statements.firing.all() as OneOffSyncRow[]).map(fromRow);
  }

  /** Syncs whose next attempt lies after `time` (a wall clock moved back can have pushed them out). */
  listDueAfter(time: number): OneOffSyncRecord[] {
    return (this.#statements.dueAfter.all(time) as OneOffSyncRow[]).map(fromRow);
  }

  setNextAttempt(id: number, nextAttemptAt: number): void {
    this.#statements.setNextAttempt.run(nextAttemptAt, id);
  }

  /** The earliest attempt that may fire (not firing, app installed and not paused). */
  nextCandidate(): DueCandidate | undefined {
    return this.#statements.next.get() as DueCandidate | undefined;
  }

  /** Syncs whose attempt is due at `now`, earliest first, at most `limit`. */
  due(now: number, limit: number): OneOffSyncRecord[] {
    return (this.#statements.due.all(now, limit) as OneOffSyncRow[]).map(fromRow);
  }
}
