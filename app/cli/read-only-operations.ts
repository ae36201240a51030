import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { HostOperations } from '../host/host-operations.ts';
import { resolveSettings } from '../host/host-settings.ts';
import { queryRuns, syncSummaries } from '../host/store-queries.ts';
import { DATABASE_FILE } from '../store/open-database.ts';
import { Store } from '../store/store.ts';

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
    syncs: (app) => syncSummaries(store, settings, app),
    runs: (query) => queryRuns(store, query),
  };
  return { operations, close: () => store.close() };
}
