import type { Logger } from '../logging/logger.ts';
import { HostLock } from '../store/host-lock.ts';
import { Store } from '../store/store.ts';
import { applyConfig } from './apply-config.ts';
import { desktopIntegration } from './desktop-integration.ts';
import { configEntries, readPreferences } from './host-config.ts';
import type { ConfigEntry, HostOperations } from './host-operations.ts';
import { resolveSettings } from './host-settings.ts';
import { resolveApp } from './resolve-app.ts';

export type OfflineOperations = Pick<HostOperations, 'pause' | 'resume' | 'configSet'>;

/**
 * Changes that need the store but no browser, made while no host runs: takes the data dir's lock for the
 * duration (so no host starts halfway through), and releases it on close.
 */
export function openOfflineOperations(
  dataDir: string,
  logger: Logger,
  env?: NodeJS.ProcessEnv,
): { operations: OfflineOperations; close(): void } {
  const lock = HostLock.acquire(dataDir);
  let store: Store;
  try {
    store = Store.open(dataDir);
  } catch (error) {
    lock.release();
    throw error;
  }
  const os = desktopIntegration({ dataDir, logger, ...(env ? { env } : {}) });
  const setPaused = (reference: string, paused: boolean) => {
    const app = resolveApp(store.apps.list(), reference);
    store.apps.setPaused(app.id, paused);
    return store.apps.get(app.id) ?? app;
  };
  return {
    operations: {
      pause: (app) => setPaused(app, true),
      resume: (app) => setPaused(app, false),
      async configSet(key, value) {
        const stored = await applyConfig(store, os, key, value, false);
        const entries = configEntries(resolveSettings(store, {}, true), readPreferences(store));
        return entries.find((entry) => entry.key === stored) as ConfigEntry;
      },
    },
    close() {
      store.close();
      lock.release();
    },
  };
}
