import type Database from 'better-sqlite3';
import type {
  NotificationCloseReason,
  NotificationOptionsRecord,
  NotificationRecord,
  NotShownReason,
} from './records.ts';

interface NotificationRow {
  id: number;
  app_id: string;
  run_id: number | null;
  scope: string | null;
  source: 'worker' | 'page';
  tag: string;
  title: string;
  options_json: string;
  shown: number;
  not_shown_reason: NotShownReason | null;
  created_at: number;
  closed_at: number | null;
  close_reason: NotificationCloseReason | null;
}

function fromRow(row: NotificationRow): NotificationRecord {
  return {
    id: row.id,
    appId: row.app_id,
    runId: row.run_id,
    scope: row.scope,
    source: row.source,
    title: row.title,
    options: JSON.parse(row.options_json) as NotificationOptionsRecord,
    shown: row.shown === 1,
    notShownReason: row.not_shown_reason,
    createdAt: row.created_at,
    closedAt: row.closed_at,
    closeReason: row.close_reason,
  };
}

export type NotificationInput = Omit<NotificationRecord, 'id' | 'closedAt' | 'closeReason'>;

/** Notifications kept per app; older ones are deleted as new ones are recorded. */
const KEPT_PER_APP = 500;

/** Every notification an app showed (or had recorded while muted), and which are still on screen. */
export class NotificationsTable {
  readonly #db: Database.Database;
  readonly #statements;

  constructor(db: Database.Database) {
    this.#db = db;
    this.#statements = {
      insert: db.prepare(
        `INSERT INTO notifications
           (app_id, run_id, scope, source, tag, title, options_json, shown, not_shown_reason, created_at)
         VALUES (@appId, @runId, @scope, @source, @tag, @title, @optionsJson, @shown, @notShownReason, @createdAt)`,
      ),
      prune: db.prepare(
        `DELETE FROM notifications WHERE app_id = @appId AND id NOT IN
           (SELECT id FROM notifications WHERE app_id = @appId ORDER BY id DESC LIMIT @keep)`,
      ),
      byId: db.prepare('SELECT * FROM notifications WHERE id = ?'),
      close: db.prepare(
        'UPDATE notifications SET closed_at = ?, close_reason = ? WHERE id = ? AND closed_at IS NULL',
      ),
      closeAllOpen: db.prepare(
        'UPDATE notifications SET closed_at = ?, close_reason = ? WHERE closed_at IS NULL',
      ),
      open: db.prepare(
        'SELECT * FROM notifications WHERE app_id = ? AND closed_at IS NULL AND shown = 1 ORDER BY id',
      ),
      markNotShown: db.prepare(
        "UPDATE notifications SET shown = 0, not_shown_reason = ?, closed_at = ?, close_reason = 'closed' WHERE id = ?",
      ),
      ofRun: db.prepare('SELECT * FROM notifications WHERE run_id = ? ORDER BY id'),
    };
  }

  record(notification: NotificationInput): NotificationRecord {
    const id = Number(
      this.#statements.insert.run({
        appId: notification.appId,
        runId: notification.runId,
        scope: notification.scope,
        source: notification.source,
        tag: notification.options.tag,
        title: notification.title,
        optionsJson: JSON.stringify(notification.options),
        shown: notification.shown ? 1 : 0,
        notShownReason: notification.shown ? null : notification.notShownReason,
        createdAt: notification.createdAt,
      }).lastInsertRowid,
    );
    this.#statements.prune.run({ appId: notification.appId, keep: KEPT_PER_APP });
    return this.get(id) as NotificationRecord;
  }

  get(id: number): NotificationRecord | undefined {
    const row = this.#statements.byId.get(id) as NotificationRow | undefined;
    return row && fromRow(row);
  }

  /** Ends an open notification; false when it had already ended. */
  close(id: number, reason: NotificationCloseReason, at: number): boolean {
    return this.#statements.close.run(at, reason, id).changes > 0;
  }

  /** The OS did not show it after all (no notification service answered): it stays recorded. */
  markNotShown(id: number, reason: NotShownReason, at: number): void {
    this.#statements.markNotShown.run(reason, at, id);
  }

  /** A new host run shows none of the notifications an earlier one showed (the server's ids are gone). */
  closeAllOpen(reason: NotificationCloseReason, at: number): number {
    return this.#statements.closeAllOpen.run(at, reason).changes;
  }

  /** The app's notifications still on screen, oldest first. */
  listOpen(appId: string): NotificationRecord[] {
    return (this.#statements.open.all(appId) as NotificationRow[]).map(fromRow);
  }

  ofRun(runId: number): NotificationRecord[] {
    return (this.#statements.ofRun.all(runId) as NotificationRow[]).map(fromRow);
  }

  /** Newest first, at most `limit`, optionally of one app. */
  list(query: { appId?: string; limit?: number } = {}): NotificationRecord[] {
    const where = query.appId === undefined ? '' : 'WHERE app_id = ?';
    const params = query.appId === undefined ? [] : [query.appId];
    const sql = `SELECT * FROM notifications ${where} ORDER BY id DESC LIMIT ?`;
    return (this.#db.prepare(sql).all(...params, query.limit ?? 50) as NotificationRow[]).map(fromRow);
  }
}
