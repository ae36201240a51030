import type Database from 'better-sqlite3';
import { AppsTable } from './apps-table.ts';
import { openDatabase } from './open-database.ts';
import { RegistrationsTable } from './registrations-table.ts';
import { RunsTable } from './runs-table.ts';
import { SettingsTable } from './settings-table.ts';

/** The host's SQLite store: one file in the data dir, one writer (the running host). */
export class Store {
  readonly apps: AppsTable;
  readonly registrations: RegistrationsTable;
  readonly runs: RunsTable;
  readonly settings: SettingsTable;
  readonly #db: Database.Database;
  readonly #runInTransaction: Database.Transaction<(work: () => unknown) => unknown>;

  private constructor(db: Database.Database) {
    this.#db = db;
    this.#runInTransaction = db.transaction((work: () => unknown) => work());
    this.apps = new AppsTable(db);
    this.registrations = new RegistrationsTable(db);
    this.runs = new RunsTable(db);
    this.settings = new SettingsTable(db);
  }

  static open(dataDir: string, options: { readonly?: boolean } = {}): Store {
    return new Store(openDatabase(dataDir, options));
  }

  /** Runs `work` in one write transaction (nested calls join the outer one). */
  transaction<T>(work: () => T): T {
    return this.#runInTransaction.immediate(work) as T;
  }

  close(): void {
    if (this.#db.open) this.#db.close();
  }
}
