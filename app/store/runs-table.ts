import type Database from 'better-sqlite3';
import type { RunOutcome, RunRecord, RunTrigger } from './records.ts';

interface RunRow {
  id: number;
  app_id: string;
  registration_id: number | null;
  scope: string;
  tag: string;
  trigger: RunTrigger;
  attempt: number;
  outcome: RunOutcome | null;
  error: string | null;
  started_at: number;
  ended_at: number | null;
  duration_ms: number | null;
}

function fromRow(row: RunRow): RunRecord {
  return {
    id: row.id,
    appId: row.app_id,
    registrationId: row.registration_id,
    scope: row.scope,
    tag: row.tag,
    trigger: row.trigger,
    attempt: row.attempt,
    outcome: row.outcome,
    error: row.error,
    startedAt: row.started_at,
    endedAt: row.ended_at,
    durationMs: row.duration_ms,
  };
}

export interface RunQuery {
  appId?: string;
  tag?: string;
  limit?: number;
}

export class RunsTable {
  readonly #db: Database.Database;
  readonly #statements;

  constructor(db: Database.Database) {
    this.#db = db;
    this.#statements = {
      start: db.prepare(
        `INSERT INTO runs (app_id, registration_id, scope, tag, trigger, attempt, started_at)
         VALUES (@appId, @registrationId, @scope, @tag, @trigger, @attempt, @startedAt)`,
      ),
      finish: db.prepare(
        `UPDATE runs SET outcome = @outcome, error = @error, ended_at = @endedAt, duration_ms = @endedAt - started_at
         WHERE id = @id`,
      ),
      byId: db.prepare('SELECT * FROM runs WHERE id = ?'),
      unfinished: db.prepare('SELECT * FROM runs WHERE outcome IS NULL ORDER BY id'),
      interrupt: db.prepare(
        `UPDATE runs SET outcome = 'interrupted', error = ?, ended_at = ?, duration_ms = NULL WHERE outcome IS NULL`,
      ),
      followRegistrations: db.prepare(
        `UPDATE runs SET app_id = r.app_id FROM registrations r
         WHERE r.id = runs.registration_id AND r.origin = ? AND runs.app_id != r.app_id`,
      ),
      prune: db.prepare(
        `DELETE FROM runs WHERE registration_id = @registrationId AND id NOT IN
           (SELECT id FROM runs WHERE registration_id = @registrationId ORDER BY id DESC LIMIT @keep)`,
      ),
    };
  }

  start(run: {
    appId: string;
    registrationId: number;
    scope: string;
    tag: string;
    trigger: RunTrigger;
    attempt: number;
    startedAt: number;
  }): number {
    return Number(this.#statements.start.run(run).lastInsertRowid);
  }

  /** Records how run `id` ended; undefined when the run is gone (its app was uninstalled meanwhile). */
  finish(id: number, outcome: RunOutcome, error: string | null, endedAt: number): RunRecord | undefined {
    this.#statements.finish.run({ id, outcome, error, endedAt });
    const row = this.#statements.byId.get(id) as RunRow | undefined;
    return row && fromRow(row);
  }

  unfinished(): RunRecord[] {
    return (this.#statements.unfinished.all() as RunRow[]).map(fromRow);
  }

  /** Marks every run still open as interrupted: its host stopped before the run ended. */
  interruptUnfinished(reason: string, at: number): number {
    return this.#statements.interrupt.run(reason, at).changes;
  }

  /** Files each run of `origin` under the app its registration is now filed under (see refileByScope). */
  followRegistrations(origin: string): void {
    this.#statements.followRegistrations.run(origin);
  }

  prune(registrationId: number, keep: number): void {
    this.#statements.prune.run({ registrationId, keep });
  }

  list(query: RunQuery = {}): RunRecord[] {
    const where: string[] = [];
    const params: (string | number)[] = [];
    if (query.appId !== undefined) {
      where.push('app_id = ?');
      params.push(query.appId);
    }
    if (query.tag !== undefined) {
      where.push('tag = ?');
      params.push(query.tag);
    }
    const sql = `SELECT * FROM runs ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id DESC LIMIT ?`;
    return (this.#db.prepare(sql).all(...params, query.limit ?? 50) as RunRow[]).map(fromRow);
  }
}
