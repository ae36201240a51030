import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_PREFERENCES } from '../../host/config-keys.ts';
import type { HostApi } from '../../host/host-api.ts';
import { refuseIfDatabaseLost } from '../../host/lost-database.ts';
import { DATABASE_FILE } from '../../store/open-database.ts';
import { Store } from '../../store/store.ts';
import { DEFAULT_SYNC_SETTINGS, type SyncSettings } from '../../sync/settings.ts';

export type ReadOnlyOperations = Pick<
  HostApi,
  'list' | 'syncs' | 'runs' | 'config' | 'status' | 'notifications' | 'alerts'
>;

export interface ReadOnlySession {
  operations: ReadOnlyOperations;
  close(): void;
}

/**
 * Answers the read-only commands from the store when no host is serving, without taking the data dir's
 * lock or writing anything. A data dir without a database yet (nothing installed) reads as empty; one
 * whose database was lost is refused. An operation imports the queries it needs when it is called (a CLI
 * process calls one), so `list` does not load what `status` needs to look at the OS.
 */
export function openReadOnlyOperations(dataDir: string): ReadOnlySession {
  refuseIfDatabaseLost(dataDir);
  const store = existsSync(join(dataDir, DATABASE_FILE))
    ? Store.open(dataDir, { readonly: true })
    : undefined;
  const queries = () => import('../../host/store-queries.ts');
  const operations: ReadOnlyOperations = {
    list: async () => store?.apps.list() ?? [],
    syncs: async ({ app } = {}) =>
      store ? (await queries()).syncSummaries(store, await settingsOf(store), app) : [],
    runs: async (query) => (store ? (await queries()).queryRuns(store, query) : []),
    async config() {
      const { configEntries, readPreferences } = await import('../../host/host-config.ts');
      return store
        ? configEntries(await settingsOf(store), readPreferences(store))
        : configEntries({ ...DEFAULT_SYNC_SETTINGS }, { ...DEFAULT_PREFERENCES });
    },
    status: async () => (await import('./read-only-status.ts')).readOnlyStatus(dataDir, store),
    notifications: async (query = {}) => (store ? (await queries()).queryNotifications(store, query) : []),
    alerts: async () => (store ? (await queries()).failureAlerts(store) : []),
  };
  return { operations, close: () => store?.close() };
}

/** The settings a host would run with (a stored value it cannot use replaced by the nearest valid one). */
async function settingsOf(store: Store): Promise<SyncSettings> {
  const { resolveSettings } = await import('../../host/host-settings.ts');
  return resolveSettings(store, {}, false).settings;
}
