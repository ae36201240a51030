import type Database from 'better-sqlite3';
import type { RunOutcome } from './records.ts';
import { lastOneOffSuccessSql } from './runs-table.ts';

/** A registration whose failing streak the person was told about (see migration 3). */
export interface FailureAlertRecord {
  registrationId: number;
  appId: string;
  scope: string;
  tag: string;
  alertedAt: number;
  /** The error of the streak's latest run. */
  lastError: string | null;
  /** Runs failed (or timed out) in a row since the last success, among the runs kept. */
  failures: number;
}

/**
 * A one-off sync the host gave up after its last attempt failed, with no successful run of its scope and tag
 * since (see `gave_up` in migrations.ts). Given up again meanwhile (the app registered it again and every
 * attempt failed again), it is still one entry: told at the first, with the latest's error.
 */
export interface GivenUpSyncRecord {
  appId: string;
  scope: string;
  tag: string;
  /** When the first of these give-ups ended (when the person was told). */
  alertedAt: number;
  /** The error of the latest give-up's last attempt. */
  lastError: string | null;
  /** The attempts the latest given-up sync had, all failed. */
  attempts: number;
  firstRunId: number;
  latestRunId: number;
}

/** The runs that gave up a sync since the last successful run of its scope and tag, per scope and tag. */
function givenUpSql(where: string): string {
  return `SELECT latest.app_id AS appId, latest.scope, latest.tag, first.ended_at AS alertedAt,
            latest.error AS lastError, latest.max_attempts AS attempts,
            first.id AS firstRunId, latest.id AS latestRunId
     FROM (SELECT MIN(g.id) AS first_id, MAX(g.id) AS latest_id FROM runs g
           WHERE g.gave_up = 1 ${where}
             AND g.id > ${lastOneOffSuccessSql('g.scope', 'g.tag')}
           GROUP BY g.scope, g.tag) given_up
     JOIN runs first ON first.id = given_up.first_id
     JOIN runs latest ON latest.id = given_up.latest_id
     ORDER BY first.ended_at, first.id`;
}

/** The failing-streak state of registrations and the one-off syncs given up, read from their runs. */
export class FailureAlertsTable {
  readonly #statements;

  constructor(db: Database.Database) {
    this.#statements = {
      // Interrupted runs (the host stopped) say nothing about the app: they neither break nor extend a streak.
      recentOutcomes: db.prepare(
        `SELECT outcome FROM runs WHERE registration_id = ? AND outcome IN ('success', 'failed', 'timed-out')
         ORDER BY id DESC LIMIT ?`,
      ),
      alertedAt: db.prepare('SELECT failure_alerted_at AS at FROM registrations WHERE id = ?'),
      setAlerted: db.prepare('UPDATE registrations SET failure_alerted_at = ? WHERE id = ?'),
      listAlerted: db.prepare(
        `SELECT r.id AS registrationId, r.app_id AS appId, r.scope, r.tag, r.failure_alerted_at AS alertedAt,
                (SELECT error FROM runs WHERE registration_id = r.id AND outcome IS NOT NULL
                 ORDER BY id DESC LIMIT 1) AS lastError,
                (SELECT COUNT(*) FROM runs WHERE registration_id = r.id AND outcome IN ('failed', 'timed-out')
                   AND id > COALESCE((SELECT MAX(id) FROM runs WHERE registration_id = r.id
                                       AND outcome = 'success'), 0)) AS failures
         FROM registrations r WHERE r.failure_alerted_at IS NOT NULL ORDER BY r.failure_alerted_at, r.id`,
      ),
      givenUp: db.prepare(givenUpSql('')),
      givenUpOf: db.prepare(givenUpSql('AND g.scope = ? AND g.tag = ?')),
    };
  }

  /** The latest `limit` outcomes that count toward a streak, newest first. */
  recentOutcomes(registrationId: number, limit: number): RunOutcome[] {
    return (this.#statements.recentOutcomes.all(registrationId, limit) as { outcome: RunOutcome }[]).map(
      (row) => row.outcome,
    );
  }

  isAlerted(registrationId: number): boolean {
    const row = this.#statements.alertedAt.get(registrationId) as { at: number | null } | undefined;
    return row?.at !== null && row?.at !== undefined;
  }

  setAlerted(registrationId: number, at: number | null): void {
    this.#statements.setAlerted.run(at, registrationId);
  }

  list(): FailureAlertRecord[] {
    return this.#statements.listAlerted.all() as FailureAlertRecord[];
  }

  /** The one-off syncs given up with no success since, first told first. */
  givenUp(): GivenUpSyncRecord[] {
    return this.#statements.givenUp.all() as GivenUpSyncRecord[];
  }

  /** The given-up entry of one scope and tag, if it has one. */
  givenUpOf(scope: string, tag: string): GivenUpSyncRecord | undefined {
    return this.#statements.givenUpOf.get(scope, tag) as GivenUpSyncRecord | undefined;
  }
}
