import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createOsConnectivity } from '../../connectivity/os-connectivity.ts';
import { DEFAULT_PREFERENCES } from '../../host/config-keys.ts';
import { desktopIntegration } from '../../host/desktop-integration.ts';
import type { HostOperations } from '../../host/host-api.ts';
import { configEntries, readPreferences } from '../../host/host-config.ts';
import type { HostStatus } from '../../host/host-operations.ts';
import { resolveSettings } from '../../host/host-settings.ts';
import { refuseIfDatabaseLost } from '../../host/lost-database.ts';
import {
  failureAlerts,
  nextDueDetails,
  queryNotifications,
  queryRuns,
  syncSummaries,
} from '../../host/store-queries.ts';
import type { Logger } from '../../logging/logger.ts';
import { DATABASE_FILE } from '../../store/open-database.ts';
import { Store } from '../../store/store.ts';
import { DEFAULT_SYNC_SETTINGS } from '../../sync/settings.ts';
import { HEADLESS_HOST_COMMAND } from '../host-command.ts';

export type ReadOnlyOperations = Pick<
  HostOperations,
  'list' | 'syncs' | 'runs' | 'config' | 'status' | 'notifications' | 'alerts'
>;

export interface ReadOnlySession {
  operations: ReadOnlyOperations;
  close(): void;
}

/**
 * Answers the read-only commands from the store when no host is serving, without taking the data dir's
 * lock or writing anything. A data dir without a database yet (nothing installed) reads as empty; one
 * whose database was lost is refused.
 */
export function openReadOnlyOperations(dataDir: string, logger: Logger): ReadOnlySession {
  refuseIfDatabaseLost(dataDir);
  const store = existsSync(join(dataDir, DATABASE_FILE))
    ? Store.open(dataDir, { readonly: true })
    : undefined;
  // Developer mode only so a stored floor of 0 can be read back; nothing is scheduled from here.
  const settings = store ? resolveSettings(store, {}, true) : { ...DEFAULT_SYNC_SETTINGS };
  const status = (): HostStatus => {
    const connectivity = createOsConnectivity(logger);
    const online = connectivity.isOnline();
    connectivity.close?.();
    return {
      running: false,
      dataDir,
      pid: null,
      engine: null,
      browser: null,
      browserBinary: null,
      online,
      developerMode: false,
      eventsInFlight: 0,
      nextDueAt: store?.registrations.nextCandidate([])?.nextDueAt ?? null,
      nextDue: store ? nextDueDetails(store) : null,
      wakeUp: desktopIntegration({ dataDir, hostCommand: HEADLESS_HOST_COMMAND, logger }).wakeUp(),
      storeProblem: null,
      showsWindows: false,
    };
  };
  const operations: ReadOnlyOperations = {
    list: () => store?.apps.list() ?? [],
    syncs: ({ app } = {}) => (store ? syncSummaries(store, settings, app) : []),
    runs: (query) => (store ? queryRuns(store, query) : []),
    config: () => configEntries(settings, store ? readPreferences(store) : { ...DEFAULT_PREFERENCES }),
    status,
    notifications: (query = {}) => (store ? queryNotifications(store, query) : []),
    alerts: () => (store ? failureAlerts(store) : []),
  };
  return { operations, close: () => store?.close() };
}
