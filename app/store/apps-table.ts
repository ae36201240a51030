import type Database from 'better-sqlite3';
import type { AppBadge, AppRecord, IconRecord } from './records.ts';

interface AppRow {
  id: string;
  manifest_id: string;
  name: string;
  short_name: string | null;
  start_url: string;
  scope: string;
  origin: string;
  display: string;
  theme_color: string | null;
  background_color: string | null;
  icons_json: string;
  installed_at: number;
  updated_at: number;
  paused: number;
  interval_floor_ms: number | null;
  install_state: InstallState;
  notifications_muted: number;
  badge: number | null;
}

/** 'installing' from the moment an install starts until it completes (see migration 2). */
export type InstallState = 'installing' | 'installed';

function fromRow(row: AppRow): AppRecord {
  return {
    id: row.id,
    manifestId: row.manifest_id,
    name: row.name,
    shortName: row.short_name,
    startUrl: row.start_url,
    scope: row.scope,
    origin: row.origin,
    display: row.display,
    themeColor: row.theme_color,
    backgroundColor: row.background_color,
    icons: JSON.parse(row.icons_json) as IconRecord[],
    installedAt: row.installed_at,
    updatedAt: row.updated_at,
    paused: row.paused === 1,
    intervalFloorMs: row.interval_floor_ms,
    notificationsMuted: row.notifications_muted === 1,
    badge: row.badge === null ? null : row.badge === 0 ? 'flag' : row.badge,
  };
}

export type AppInput = Omit<
  AppRecord,
  'installedAt' | 'updatedAt' | 'paused' | 'intervalFloorMs' | 'notificationsMuted' | 'badge'
>;

export class AppsTable {
  readonly #statements;

  constructor(db: Database.Database) {
    this.#statements = {
      upsert: db.prepare(
        `INSERT INTO apps (id, manifest_id, name, short_name, start_url, scope, origin, display, theme_color,
                           background_color, icons_json, installed_at, updated_at, install_state)
         VALUES (@id, @manifestId, @name, @shortName, @startUrl, @scope, @origin, @display, @themeColor,
                 @backgroundColor, @iconsJson, @now, @now, @installState)
         ON CONFLICT (id) DO UPDATE SET
           name = excluded.name, short_name = excluded.short_name, start_url = excluded.start_url,
           scope = excluded.scope, origin = excluded.origin, display = excluded.display,
           theme_color = excluded.theme_color, background_color = excluded.background_color,
           icons_json = excluded.icons_json, updated_at = excluded.updated_at`,
      ),
      get: db.prepare('SELECT * FROM apps WHERE id = ?'),
      list: db.prepare("SELECT * FROM apps WHERE install_state = 'installed' ORDER BY name, id"),
      installing: db.prepare("SELECT * FROM apps WHERE install_state = 'installing' ORDER BY id"),
      markInstalled: db.prepare("UPDATE apps SET install_state = 'installed', installed_at = ? WHERE id = ?"),
      markUninstalling: db.prepare("UPDATE apps SET install_state = 'installing' WHERE id = ?"),
      byOrigin: db.prepare('SELECT * FROM apps WHERE origin = ? ORDER BY id'),
      delete: db.prepare('DELETE FROM apps WHERE id = ?'),
      setPaused: db.prepare('UPDATE apps SET paused = ? WHERE id = ?'),
      setFloor: db.prepare('UPDATE apps SET interval_floor_ms = ? WHERE id = ?'),
      setMuted: db.prepare('UPDATE apps SET notifications_muted = ? WHERE id = ?'),
      setBadge: db.prepare('UPDATE apps SET badge = ? WHERE id = ?'),
      setInstallPage: db.prepare('UPDATE apps SET install_page = ? WHERE id = ?'),
      claimsOfOrigin: db.prepare(
        'SELECT id AS appId, install_page AS page FROM apps WHERE origin = ? AND install_page IS NOT NULL',
      ),
    };
  }

  /**
   * Inserts a new app (complete, or 'installing' while an install runs) or updates a recorded one, keeping
   * its install time, per-app settings and install state.
   */
  upsert(app: AppInput, now: number, state: InstallState = 'installed'): AppRecord {
    this.#statements.upsert.run({ ...app, iconsJson: JSON.stringify(app.icons), now, installState: state });
    return this.get(app.id) as AppRecord;
  }

  /**
   * Records the placeholder of an install in progress on `app.origin` (state 'installing'), before the
   * app's manifest is read: the worker that controls `page`, the page it installs from, belongs to it.
   */
  recordInstallClaim(app: AppInput, now: number, page: string): AppRecord {
    this.upsert(app, now, 'installing');
    this.#statements.setInstallPage.run(page, app.id);
    return this.get(app.id) as AppRecord;
  }

  /** The installs in progress on `origin` that claim the worker of a page (see recordInstallClaim). */
  installClaims(origin: string): { appId: string; page: string }[] {
    return this.#statements.claimsOfOrigin.all(origin) as { appId: string; page: string }[];
  }

  /** An install completed: the app now counts as installed, since `now`. */
  markInstalled(id: string, now: number): void {
    this.#statements.markInstalled.run(now, id);
  }

  /**
   * An uninstall began: until it completes the app counts as not installed, as during an install (nothing
   * fires, the browser deleting its workers is expected), and a host that dies meanwhile has the next
   * start finish the removal. `markInstalled` with its install time undoes it.
   */
  markUninstalling(id: string): void {
    this.#statements.markUninstalling.run(id);
  }

  /** Apps whose install has not completed (one running now, or one a killed install left behind). */
  listInstalling(): AppRecord[] {
    return (this.#statements.installing.all() as AppRow[]).map(fromRow);
  }

  /** Any recorded app, installing or installed. */
  get(id: string): AppRecord | undefined {
    const row = this.#statements.get.get(id) as AppRow | undefined;
    return row && fromRow(row);
  }

  /** The installed apps (installs that completed). */
  list(): AppRecord[] {
    return (this.#statements.list.all() as AppRow[]).map(fromRow);
  }

  /** The apps of `origin`, those being installed and install placeholders included (see appForCaller). */
  listByOrigin(origin: string): AppRecord[] {
    return (this.#statements.byOrigin.all(origin) as AppRow[]).map(fromRow);
  }

  /** Removes the app; its registrations and runs go with it (foreign keys cascade). */
  delete(id: string): boolean {
    return this.#statements.delete.run(id).changes > 0;
  }

  setPaused(id: string, paused: boolean): void {
    this.#statements.setPaused.run(paused ? 1 : 0, id);
  }

  setIntervalFloor(id: string, floorMs: number | null): void {
    this.#statements.setFloor.run(floorMs, id);
  }

  setNotificationsMuted(id: string, muted: boolean): void {
    this.#statements.setMuted.run(muted ? 1 : 0, id);
  }

  setBadge(id: string, badge: AppBadge): void {
    this.#statements.setBadge.run(badge === null ? null : badge === 'flag' ? 0 : badge, id);
  }
}
