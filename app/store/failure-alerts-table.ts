import type Database from 'better-sqlite3';
import type { RunOutcome } from './records.ts';

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

/** The failing-streak state of registrations, read from their runs. */
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
}
