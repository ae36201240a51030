import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { HostOperations, SyncSummary } from '../host/host-operations.ts';
import { resolveSettings } from '../host/host-settings.ts';
import { resolveApp } from '../host/resolve-app.ts';
import { DATABASE_FILE } from '../store/open-database.ts';
import { Store } from '../store/store.ts';
import { effectiveIntervalMs } from '../sync/registration-rules.ts';

export type ReadOnlyOperations = Pick<HostOperations, 'list' | 'syncs' | 'runs'>;

export interface ReadOnlySession {
  operations: ReadOnlyOperations;
  close(): void;
}

const EMPTY: ReadOnlyOperations = { list: () => [], syncs: () => [], runs: () => [] };

/**
 * Answers the read-only commands from the store when no host is serving, without taking the data dir's
 * lock or writing anything. A data dir without a database yet (nothing installed) reads as empty.
 */
export function openReadOnlyOperations(dataDir: string): ReadOnlySession {
  if (!existsSync(join(dataDir, DATABASE_FILE))) return { operations: EMPTY, close: () => {} };
  const store = Store.open(dataDir, { readonly: true });
  // Developer mode only so a stored floor of 0 can be read back; nothing is scheduled from here.
  const settings = resolveSettings(store, {}, true);
  const operations: ReadOnlyOperations = {
    list: () => store.apps.list(),
    syncs(app) {
      const apps = store.apps.list();
      const only = app === undefined ? undefined : resolveApp(apps, app);
      const appsById = new Map(apps.map((record) => [record.id, record]));
      return store.registrations.list(only?.id).flatMap((registration): SyncSummary[] => {
        const owner = appsById.get(registration.appId);
        if (owner === undefined) return [];
        return [
          {
            appId: owner.id,
            appName: owner.name,
            scope: registration.scope,
            tag: registration.tag,
            minIntervalMs: registration.minIntervalMs,
            effectiveIntervalMs: effectiveIntervalMs(registration.minIntervalMs, owner, settings),
            nextDueAt: registration.nextDueAt,
            firing: registration.firing,
            paused: owner.paused,
            lastOutcome: registration.lastOutcome,
            lastCompletedAt: registration.lastCompletedAt,
          },
        ];
      });
    },
    runs(query = {}) {
      const appId = query.app === undefined ? undefined : resolveApp(store.apps.list(), query.app).id;
      return store.runs.list({
        ...(appId === undefined ? {} : { appId }),
        ...(query.tag === undefined ? {} : { tag: query.tag }),
        ...(query.limit === undefined ? {} : { limit: query.limit }),
      });
    },
  };
  return { operations, close: () => store.close() };
}
