import type { Logger } from '../logging/logger.ts';
import { HostLock } from '../store/host-lock.ts';
import { Store } from '../store/store.ts';
import { applyConfig } from './apply-config.ts';
import { desktopIntegration } from './desktop-integration.ts';
import type { HostOperations } from './host-api.ts';
import { configEntry, readPreferences } from './host-config.ts';
import { resolveSettings } from './host-settings.ts';
import { refuseIfDatabaseLost } from './lost-database.ts';
import { setAppMuted, setAppPaused } from './store-queries.ts';

export type OfflineOperations = Pick<HostOperations, 'pause' | 'resume' | 'mute' | 'unmute' | 'configSet'>;

/**
 * Changes that need the store but no browser, made while no host runs: takes the data dir's lock for the
 * duration (so no host starts halfway through), and releases it on close.
 */
export function openOfflineOperations(
  dataDir: string,
  /** The shell's command, for the autostart entry `config set autostart on` writes. */
  hostCommand: readonly string[],
  logger: Logger,
  env?: NodeJS.ProcessEnv,
): { operations: OfflineOperations; close(): void } {
  const lock = HostLock.acquire(dataDir);
  let store: Store;
  try {
    refuseIfDatabaseLost(dataDir);
    store = Store.open(dataDir);
  } catch (error) {
    lock.release();
    throw error;
  }
  const os = desktopIntegration({ dataDir, hostCommand, logger, ...(env ? { env } : {}) });
  return {
    operations: {
      pause: ({ app }) => setAppPaused(store, app, true),
      resume: ({ app }) => setAppPaused(store, app, false),
      mute: ({ app }) => setAppMuted(store, app, true),
      unmute: ({ app }) => setAppMuted(store, app, false),
      async configSet({ key, value }) {
        const stored = await applyConfig(store, os, key, value);
        return configEntry(resolveSettings(store, {}, false).settings, readPreferences(store), stored);
      },
    },
    close() {
      store.close();
      lock.release();
    },
  };
}
