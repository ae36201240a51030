import type Database from 'better-sqlite3';
import { AppsTable } from './apps-table.ts';
import { FailureAlertsTable } from './failure-alerts-table.ts';
import { NotificationsTable } from './notifications-table.ts';
import { OneOffSyncsTable } from './one-off-syncs-table.ts';
import { openDatabase } from './open-database.ts';
import { RegistrationsTable } from './registrations-table.ts';
import { RunsTable } from './runs-table.ts';
import { SettingsTable } from './settings-table.ts';
import { storeErrorFor } from './store-errors.ts';

/** The host's SQLite store: one file in the data dir, one writer (the running host). */
export class Store {
  readonly apps: AppsTable;
  readonly registrations: RegistrationsTable;
  readonly oneOffSyncs: OneOffSyncsTable;
  readonly runs: RunsTable;
  readonly settings: SettingsTable;
  readonly notifications: NotificationsTable;
  readonly failureAlerts: FailureAlertsTable;
  readonly #db: Database.Database;
  readonly #runInTransaction: Database.Transaction<(work: () => unknown) => unknown>;

  private constructor(db: Database.Database) {
    this.#db = db;
    this.#runInTransaction = db.transaction((work: () => unknown) => work());
    this.apps = new AppsTable(db);
    this.registrations = new RegistrationsTable(db);
    this.oneOffSyncs = new OneOffSyncsTable(db);
    this.runs = new RunsTable(db);
    this.settings = new SettingsTable(db);
    this.notifications = new NotificationsTable(db);
    this.failureAlerts = new FailureAlertsTable(db);
  }

  static open(dataDir: string, options: { readonly?: boolean } = {}): Store {
    return new Store(openDatabase(dataDir, options));
  }

  /**
   * Runs `work` in one write transaction (nested calls join the outer one). A failed write (full disk,
   * read-only data dir, busy) rolls back and is thrown as a HostError that says which (see isStoreFailure).
   */
  transaction<T>(work: () => T): T {
    try {
      return this.#runInTransaction.immediate(work) as T;
    } catch (error) {
      throw storeErrorFor(this.#db.name, error);
    }
  }

  /** The app holding periodic registrations or pending one-off syncs on the worker registration `scope`. */
  appHoldingWorkerScope(scope: string): string | undefined {
    return this.registrations.appIdOfScope(scope) ?? this.oneOffSyncs.appIdOfScope(scope);
  }

  /** Writes page 1 again (the schema version it already holds): throws as a write would if none can be made. */
  checkWritable(): void {
    this.transaction(() => {
      const version = this.#db.pragma('user_version', { simple: true }) as number;
      this.#db.pragma(`user_version = ${version}`);
    });
  }

  close(): void {
    if (this.#db.open) this.#db.close();
  }
}
