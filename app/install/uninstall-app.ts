import { rmSync } from 'node:fs';
import type { BrowserPages } from '../engine/browser-pages.ts';
import type { Logger } from '../logging/logger.ts';
import type { AppRecord } from '../store/records.ts';
import type { Store } from '../store/store.ts';
import { appForCaller } from '../sync/engine-host-adapter.ts';
import { iconsDir } from './icons-dir.ts';

/**
 * Removes an app: its origin's storage and service workers from the profile (on an origin it shares with
 * another installed app, only its own workers: the storage is the origin's), its icons, and its record with
 * its registrations and runs. Until the profile is cleaned the app counts as not installed; if that fails
 * it is installed again as it was, and the error says why.
 */
export async function uninstallApp(
  context: { store: Store; pages: BrowserPages; dataDir: string; logger: Logger },
  app: AppRecord,
): Promise<void> {
  const { store, pages, dataDir, logger } = context;
  const shared = store.apps.listByOrigin(app.origin).some((other) => other.id !== app.id);
  // Its own workers, picked while it is still recorded (a worker belongs to the app whose scope contains it).
  const ownWorkers = pages
    .workerScopes()
    .filter(
      (scope) =>
        URL.parse(scope)?.origin === app.origin &&
        appForCaller(store, { origin: app.origin, scope })?.id === app.id,
    );
  store.transaction(() => store.apps.markUninstalling(app.id));
  try {
    if (!shared) await pages.clearOrigin(app.origin);
    else for (const scope of ownWorkers) await pages.unregisterWorker?.(scope);
  } catch (error) {
    store.transaction(() => store.apps.markInstalled(app.id, app.installedAt));
    throw error;
  }
  store.apps.delete(app.id);
  rmSync(iconsDir(dataDir, app.id), { recursive: true, force: true });
  logger.info({ app: app.id, name: app.name }, 'app uninstalled');
}
