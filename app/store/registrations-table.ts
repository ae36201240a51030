import type Database from 'better-sqlite3';
import type { RegistrationRecord, RunOutcome } from './records.ts';
import { mayFire, refileByScope } from './sync-table-sql.ts';

const MAY_FIRE = mayFire('r');

interface RegistrationRow {
  id: number;
  app_id: string;
  origin: string;
  scope: string;
  tag: string;
  min_interval_ms: number;
  created_at: number;
  next_due_at: number;
  attempt: number;
  firing: number;
  reregistered_while_firing: number;
  last_completed_at: number | null;
  last_outcome: RunOutcome | null;
}

function fromRow(row: RegistrationRow): RegistrationRecord {
  return {
    id: row.id,
    appId: row.app_id,
    origin: row.origin,
    scope: row.scope,
    tag: row.tag,
    minIntervalMs: row.min_interval_ms,
    createdAt: row.created_at,
    nextDueAt: row.next_due_at,
    attempt: row.attempt,
    firing: row.firing === 1,
    reregisteredWhileFiring: row.reregistered_while_firing === 1,
    lastCompletedAt: row.last_completed_at,
    lastOutcome: row.last_outcome,
  };
}

export type NewRegistration = Pick<
  RegistrationRecord,
  'appId' | 'origin' | 'scope' | 'tag' | 'minIntervalMs' | 'createdAt' | 'nextDueAt'
>;

/** What the scheduler needs to plan: the earliest due time among registrations that may fire. */
export interface DueCandidate {
  id: number;
  nextDueAt: number;
}

/**
 * One prepared statement per row limit, the limit written into the SQL: a LIMIT bound as a parameter made
 * SQLite (as better-sqlite3 builds it) run these queries several times slower (the due query 26 µs
 * against 4 µs, measured), and they run on every event and every registration. Limits are small
 * settings (concurrent events, tags per origin), so the statements stay few.
 */
function withLimit(prepare: (limit: number) => Database.Statement): (limit: number) => Database.Statement {
  const statements = new Map<number, Database.Statement>();
  return (limit) => {
    if (!Number.isSafeInteger(limit) || limit < 0) throw new RangeError(`Not a row limit: ${limit}.`);
    let statement = statements.get(limit);
    if (statement === undefined) {
      statement = prepare(limit);
      statements.set(limit, statement);
    }
    return statement;
  };
}

export class RegistrationsTable {
  readonly #statements;

  constructor(db: Database.Database) {
    this.#statements = {
      insert: db.prepare(
        `INSERT INTO registrations (app_id, origin, scope, tag, min_interval_ms, created_at, next_due_at)
         VALUES (@appId, @origin, @scope, @tag, @minIntervalMs, @createdAt, @nextDueAt)`,
      ),
      byKey: db.prepare('SELECT * FROM registrations WHERE scope = ? AND tag = ?'),
      byId: db.prepare('SELECT * FROM registrations WHERE id = ?'),
      tagsOfScope: db
        .prepare('SELECT tag FROM registrations WHERE scope = ? ORDER BY created_at, id')
        .pluck(),
      // Through the apps of the origin: an index on registrations(origin) would cost every write a page.
      countOfOriginUpTo: withLimit((limit) =>
        db
          .prepare(
            `SELECT count(*) FROM (SELECT 1 FROM registrations
               WHERE app_id IN (SELECT id FROM apps WHERE origin = ?) LIMIT ${limit})`,
          )
          .pluck(),
      ),
      deleteByKey: db.prepare('DELETE FROM registrations WHERE scope = ? AND tag = ?'),
      deleteScope: db.prepare('DELETE FROM registrations WHERE scope = ?'),
      appIdOfScope: db.prepare('SELECT app_id FROM registrations WHERE scope = ? LIMIT 1').pluck(),
      refileByScope: db.prepare(refileByScope('registrations')),
      updateInterval: db.prepare(
        `UPDATE registrations SET min_interval_ms = ?, next_due_at = ?, reregistered_while_firing = ? WHERE id = ?`,
      ),
      setFiring: db.prepare('UPDATE registrations SET firing = ? WHERE id = ?'),
      complete: db.prepare(
        `UPDATE registrations SET firing = 0, reregistered_while_firing = 0, attempt = @attempt,
           next_due_at = @nextDueAt, last_completed_at = @completedAt, last_outcome = @outcome WHERE id = @id`,
      ),
      setNextDue: db.prepare('UPDATE registrations SET next_due_at = ? WHERE id = ?'),
      all: db.prepare('SELECT * FROM registrations ORDER BY app_id, scope, created_at, id'),
      ofApp: db.prepare('SELECT * FROM registrations WHERE app_id = ? ORDER BY scope, created_at, id'),
      firing: db.prepare('SELECT * FROM registrations WHERE firing = 1'),
      dueBeyondMinInterval: db.prepare('SELECT * FROM registrations WHERE next_due_at > ? + min_interval_ms'),
      nextAny: db.prepare(
        `SELECT r.id, r.next_due_at AS nextDueAt FROM registrations r JOIN apps a ON a.id = r.app_id
         WHERE ${MAY_FIRE} ORDER BY r.next_due_at LIMIT 1`,
      ),
      nextCandidate: db.prepare(
        `SELECT r.id, r.next_due_at AS nextDueAt FROM registrations r JOIN apps a ON a.id = r.app_id
         WHERE ${MAY_FIRE} AND r.id NOT IN (SELECT value FROM json_each(?))
         ORDER BY r.next_due_at LIMIT 1`,
      ),
      dueAny: withLimit((limit) =>
        db.prepare(
          `SELECT r.* FROM registrations r JOIN apps a ON a.id = r.app_id
           WHERE ${MAY_FIRE} AND r.next_due_at <= ?
           ORDER BY r.next_due_at, r.id LIMIT ${limit}`,
        ),
      ),
      dueCandidates: withLimit((limit) =>
        db.prepare(
          `SELECT r.* FROM registrations r JOIN apps a ON a.id = r.app_id
           WHERE ${MAY_FIRE} AND r.next_due_at <= ? AND r.id NOT IN (SELECT value FROM json_each(?))
           ORDER BY r.next_due_at, r.id LIMIT ${limit}`,
        ),
      ),
    };
  }

  insert(registration: NewRegistration): RegistrationRecord {
    const id = Number(this.#statements.insert.run(registration).lastInsertRowid);
    return {
      ...registration,
      id,
      attempt: 0,
      firing: false,
      reregisteredWhileFiring: false,
      lastCompletedAt: null,
      lastOutcome: null,
    };
  }

  get(scope: string, tag: string): RegistrationRecord | undefined {
    const row = this.#statements.byKey.get(scope, tag) as RegistrationRow | undefined;
    return row && fromRow(row);
  }

  getById(id: number): RegistrationRecord | undefined {
    const row = this.#statements.byId.get(id) as RegistrationRow | undefined;
    return row && fromRow(row);
  }

  tagsOf(scope: string): string[] {
    return this.#statements.tagsOfScope.all(scope) as string[];
  }

  /** How many registrations `origin` has, counting no further than `limit` (enough to enforce a cap). */
  countForOrigin(origin: string, limit: number): number {
    return this.#statements.countOfOriginUpTo(limit).get(origin) as number;
  }

  delete(scope: string, tag: string): boolean {
    return this.#statements.deleteByKey.run(scope, tag).changes > 0;
  }

  deleteScope(scope: string): number {
    return this.#statements.deleteScope.run(scope).changes;
  }

  /** The app the registrations of the worker registration `scope` are filed under, if any. */
  appIdOfScope(scope: string): string | undefined {
    return this.#statements.appIdOfScope.get(scope) as string | undefined;
  }

  /**
   * Files every registration of `origin` (or only those filed under the app `from`) under the app whose
   * scope contains its scope, the longest such (install placeholders aside); one that no app's scope
   * contains stays where it is. Run when the apps of an origin change (an install completes).
   */
  refileByScope(origin: string, from?: string): number {
    return this.#statements.refileByScope.run({ origin, from: from ?? null }).changes;
  }

  updateInterval(
    id: number,
    minIntervalMs: number,
    nextDueAt: number,
    reregisteredWhileFiring: boolean,
  ): void {
    this.#statements.updateInterval.run(minIntervalMs, nextDueAt, reregisteredWhileFiring ? 1 : 0, id);
  }

  setFiring(id: number, firing: boolean): void {
    this.#statements.setFiring.run(firing ? 1 : 0, id);
  }

  complete(
    id: number,
    update: { attempt: number; nextDueAt: number; completedAt: number; outcome: RunOutcome },
  ): void {
    this.#statements.complete.run({ id, ...update });
  }

  setNextDue(id: number, nextDueAt: number): void {
    this.#statements.setNextDue.run(nextDueAt, id);
  }

  list(appId?: string): RegistrationRecord[] {
    const rows = (
      appId === undefined ? this.#statements.all.all() : this.#statements.ofApp.all(appId)
    ) as RegistrationRow[];
    return rows.map(fromRow);
  }

  /**
   * Registrations due later than `now` plus their own minInterval: the only ones a wrong clock can have
   * pushed out (no effective interval is shorter), so a start need not read every registration.
   */
  listDueBeyondMinInterval(now: number): RegistrationRecord[] {
    return (this.#statements.dueBeyondMinInterval.all(now) as RegistrationRow[]).map(fromRow);
  }

  listFiring(): RegistrationRecord[] {
    return (this.#statements.firing.all() as RegistrationRow[]).map(fromRow);
  }

  /** The earliest-due registration that may fire, skipping those in `busyIds`. */
  nextCandidate(busyIds: readonly number[]): DueCandidate | undefined {
    if (busyIds.length === 0) return this.#statements.nextAny.get() as DueCandidate | undefined;
    return this.#statements.nextCandidate.get(JSON.stringify(busyIds)) as DueCandidate | undefined;
  }

  /** Registrations due at `now`, oldest due first, skipping those in `busyIds`. */
  due(now: number, busyIds: readonly number[], limit: number): RegistrationRecord[] {
    if (busyIds.length === 0)
      return (this.#statements.dueAny(limit).all(now) as RegistrationRow[]).map(fromRow);
    return (this.#statements.dueCandidates(limit).all(now, JSON.stringify(busyIds)) as RegistrationRow[]).map(
      fromRow,
    );
  }
}
