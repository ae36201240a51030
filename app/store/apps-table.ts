import type Database from 'better-sqlite3';
import type { AppRecord, IconRecord } from './records.ts';

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
}

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
  };
}

export type AppInput = Omit<AppRecord, 'installedAt' | 'updatedAt' | 'paused' | 'intervalFloorMs'>;

export class AppsTable {
  readonly #statements;

  constructor(db: Database.Database) {
    this.#statements = {
      upsert: db.prepare(
        `INSERT INTO apps (id, manifest_id, name, short_name, start_url, scope, origin, display, theme_color,
                           background_color, icons_json, installed_at, updated_at)
         VALUES (@id, @manifestId, @name, @shortName, @startUrl, @scope, @origin, @display, @themeColor,
                 @backgroundColor, @iconsJson, @now, @now)
         ON CONFLICT (id) DO UPDATE SET
           name = excluded.name, short_name = excluded.short_name, start_url = excluded.start_url,
           scope = excluded.scope, origin = excluded.origin, display = excluded.display,
           theme_color = excluded.theme_color, background_color = excluded.background_color,
           icons_json = excluded.icons_json, updated_at = excluded.updated_at`,
      ),
      get: db.prepare('SELECT * FROM apps WHERE id = ?'),
      list: db.prepare('SELECT * FROM apps ORDER BY name, id'),
      byOrigin: db.prepare('SELECT * FROM apps WHERE origin = ? ORDER BY id'),
      delete: db.prepare('DELETE FROM apps WHERE id = ?'),
      setPaused: db.prepare('UPDATE apps SET paused = ? WHERE id = ?'),
      setFloor: db.prepare('UPDATE apps SET interval_floor_ms = ? WHERE id = ?'),
    };
  }

  /** Inserts a new app or updates an installed one, keeping its install time and per-app settings. */
  upsert(app: AppInput, now: number): AppRecord {
    this.#statements.upsert.run({ ...app, iconsJson: JSON.stringify(app.icons), now });
    return this.get(app.id) as AppRecord;
  }

  get(id: string): AppRecord | undefined {
    const row = this.#statements.get.get(id) as AppRow | undefined;
    return row && fromRow(row);
  }

  list(): AppRecord[] {
    return (this.#statements.list.all() as AppRow[]).map(fromRow);
  }

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
}
