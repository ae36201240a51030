import type Database from 'better-sqlite3';

/** Host settings a user changed, stored as JSON values by key; absent keys keep their defaults. */
export class SettingsTable {
  readonly #db: Database.Database;

  constructor(db: Database.Database) {
    this.#db = db;
  }

  all(): Record<string, unknown> {
    const rows = this.#db.prepare('SELECT key, value FROM settings').all() as {
      key: string;
      value: string;
    }[];
    return Object.fromEntries(rows.map((row) => [row.key, parsedOrText(row.value)]));
  }

  set(key: string, value: unknown): void {
    this.#db
      .prepare(
        'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
      )
      .run(key, JSON.stringify(value));
  }

  delete(key: string): void {
    this.#db.prepare('DELETE FROM settings WHERE key = ?').run(key);
  }
}

/** A value that is not JSON (edited by hand) comes back as its text, for the reader to judge and report. */
function parsedOrText(value: string): unknown {
  try {
    return JSON.parse(value) as unknown;
  } catch {
    return value;
  }
}
