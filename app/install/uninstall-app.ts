import { rmSync } from 'node:fs';
import type { BrowserPages } from '../engine/browser-pages.ts';
import type { Logger } from '../logging/logger.ts';
import type { AppRecord } from '../store/records.ts';
import type { Store } from '../store/store.ts';
import { iconsDir } from './icons-dir.ts';

/**
 * Removes an app: its origin's storage and service workers from the profile (unless another installed app
 * shares the origin), its icons, and its record with its registrations and runs.
 */
export async function uninstallApp(
  context: { store: Store; pages: BrowserPages; dataDir: string; logger: Logger },
  app: AppRecord,
): Promise<void> {
  const { store, pages, dataDir, logger } = context;
  const sharesOrigin = store.apps.listByOrigin(app.origin).some((other) => other.id !== app.id);
  if (!sharesOrigin) await pages.clearOrigin(app.origin);
  store.apps.delete(app.id);
  rmSync(iconsDir(dataDir, app.id), { recursive: true, force: true });
  logger.info({ app: app.id, name: app.name }, 'app uninstalled');
}
