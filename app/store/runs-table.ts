import type Database from 'better-sqlite3';
import type { RunOutcome, RunRecord, RunTrigger, SyncKind } from './records.ts';

interface RunRow {
  id: number;
  kind: SyncKind;
  app_id: string;
  registration_id: number | null;
  scope: string;
  tag: string;
  trigger: RunTrigger;
  attempt: number;
  max_attempts: number | null;
  last_chance: number | null;
  outcome: RunOutcome | null;
  error: string | null;
  started_at: number;
  ended_at: number | null;
  duration_ms: number | null;
}

function fromRow(row: RunRow): RunRecord {
  return {
    id: row.id,
    kind: row.kind,
    appId: row.app_id,
    registrationId: row.registration_id,
    scope: row.scope,
    tag: row.tag,
    trigger: row.trigger,
    attempt: row.attempt,
    maxAttempts: row.max_attempts,
    lastChance: row.last_chance === null ? null : row.last_chance === 1,
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
  kind?: SyncKind;
  limit?: number;
}

/**
 * SQL for the id of the last successful one-off run of a scope and tag (0 when none): what a given-up sync
 * is listed since. `scope` and `tag` are SQL expressions (columns or parameters); the lookup is the
 * `runs_one_off_success` index.
 */
export function lastOneOffSuccessSql(scope: string, tag: string): string {
  return `COALESCE((SELECT MAX(s.id) FROM runs s WHERE s.kind = 'one-off' AND s.scope = ${scope}
                      AND s.tag = ${tag} AND s.outcome = 'success'), 0)`;
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
      startOneOff: db.prepare(
        `INSERT INTO runs (kind, app_id, scope, tag, trigger, attempt, max_attempts, last_chance, started_at)
         VALUES ('one-off', @appId, @scope, @tag, @trigger, @attempt, @maxAttempts, @lastChance, @startedAt)`,
      ),
      // The run as it was opened, not only its id: SQLite hands a removed row's id to the next run, so
      // the run of an uninstalled app's event may since be another event's.
      finish: db.prepare(
        `UPDATE runs SET outcome = @outcome, error = @error, ended_at = @endedAt, duration_ms = @endedAt - started_at
         WHERE id = @id AND scope = @scope AND tag = @tag AND started_at = @startedAt`,
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
      // A one-off run names its sync by scope and tag (the sync's row goes after its last attempt).
      followOneOffSyncs: db.prepare(
        `UPDATE runs SET app_id = o.app_id FROM one_off_syncs o
         WHERE runs.kind = 'one-off' AND runs.scope = o.scope AND runs.tag = o.tag AND o.origin = ?
           AND runs.app_id != o.app_id`,
      ),
      prune: db.prepare(
        `DELETE FROM runs WHERE registration_id = @registrationId AND id NOT IN
           (SELECT id FROM runs WHERE registration_id = @registrationId ORDER BY id DESC LIMIT @keep)`,
      ),
      // A one-off sync's row is gone after its last attempt: its runs are kept per scope and tag, and so are
      // the first and the latest run that gave it up since the last success (what `alerts` lists it from:
      // when it was told, and the latest error), however many give-ups came between.
      pruneOneOff: db.prepare(
        `WITH told AS (SELECT COALESCE(MIN(id), 0) AS first, COALESCE(MAX(id), 0) AS latest FROM runs WHERE gave_up = 1
                         AND scope = @scope AND tag = @tag AND id > ${lastOneOffSuccessSql('@scope', '@tag')})
         DELETE FROM runs WHERE kind = 'one-off' AND scope = @scope AND tag = @tag AND id NOT IN
           (SELECT id FROM runs WHERE kind = 'one-off' AND scope = @scope AND tag = @tag ORDER BY id DESC LIMIT @keep)
           AND id NOT IN (SELECT first FROM told UNION SELECT latest FROM told)`,
      ),
      markGaveUp: db.prepare(`UPDATE runs SET gave_up = 1 WHERE id = ? AND kind = 'one-off'`),
      // The app unregistered its worker: what it had given up can no longer be sent again, nothing to list.
      forgetGiveUps: db.prepare(`UPDATE runs SET gave_up = 0 WHERE scope = ? AND gave_up = 1`),
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

  /** Opens the run of one attempt of a one-off sync. */
  startOneOff(run: {
    appId: string;
    scope: string;
    tag: string;
    trigger: RunTrigger;
    attempt: number;
    maxAttempts: number;
    lastChance: boolean;
    startedAt: number;
  }): number {
    return Number(
      this.#statements.startOneOff.run({ ...run, lastChance: run.lastChance ? 1 : 0 }).lastInsertRowid,
    );
  }

  /**
   * Records how the run `opened` ended; undefined when the run is gone (its app was uninstalled meanwhile,
   * whatever run has its id since).
   */
  finish(
    opened: Pick<RunRecord, 'id' | 'scope' | 'tag' | 'startedAt'>,
    outcome: RunOutcome,
    error: string | null,
    endedAt: number,
  ): RunRecord | undefined {
    const { id, scope, tag, startedAt } = opened;
    if (this.#statements.finish.run({ id, scope, tag, startedAt, outcome, error, endedAt }).changes === 0) {
      return undefined;
    }
    return fromRow(this.#statements.byId.get(id) as RunRow);
  }

  unfinished(): RunRecord[] {
    return (this.#statements.unfinished.all() as RunRow[]).map(fromRow);
  }

  /** Marks every run still open as interrupted: its host stopped before the run ended. */
  interruptUnfinished(reason: string, at: number): number {
    return this.#statements.interrupt.run(reason, at).changes;
  }

  /**
   * Files each run of `origin` under the app its registration or pending sync is now filed under (see
   * refileByScope).
   */
  followRegistrations(origin: string): void {
    this.#statements.followRegistrations.run(origin);
    this.#statements.followOneOffSyncs.run(origin);
  }

  prune(registrationId: number, keep: number): void {
    this.#statements.prune.run({ registrationId, keep });
  }

  /** The one-off run `id` was its sync's last attempt, failed: the sync was given up (`gave_up`, see migrations.ts). */
  markGaveUp(id: number): void {
    this.#statements.markGaveUp.run(id);
  }

  /** The app unregistered the worker of `scope`: its given-up one-off syncs are no longer listed. */
  forgetGiveUps(scope: string): number {
    return this.#statements.forgetGiveUps.run(scope).changes;
  }

  /** Keeps the latest `keep` runs of the one-off syncs of `scope` and `tag`. */
  pruneOneOff(scope: string, tag: string, keep: number): void {
    this.#statements.pruneOneOff.run({ scope, tag, keep });
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
    if (query.kind !== undefined) {
      where.push('kind = ?');
      params.push(query.kind);
    }
    const sql = `SELECT * FROM runs ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id DESC LIMIT ?`;
    return (this.#db.prepare(sql).all(...params, query.limit ?? 50) as RunRow[]).map(fromRow);
  }
}
