import { existsSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { BrowserPages } from '../engine/browser-pages.ts';
import type { Logger } from '../logging/logger.ts';
import type { AppRecord } from '../store/records.ts';
import type { Store } from '../store/store.ts';
import { discardIcons } from './save-icons.ts';

/**
 * An install killed before it completed left an 'installing' record (and maybe staged icons, a launcher,
 * a worker in the profile). The next host start undoes it rather than finishing it: finishing would load
 * the app's pages unasked at a later start, perhaps from a server that is gone, and the user who saw the
 * install die expects no app; installing again is one command. An update that was killed never wrote
 * anything to the installed app, so only its staged icons go.
 */
export async function undoInterruptedInstalls(context: {
  store: Store;
  pages: BrowserPages;
  dataDir: string;
  logger: Logger;
  removeLauncher: (app: AppRecord) => Promise<void>;
}): Promise<AppRecord[]> {
  const { store, pages, dataDir, logger, removeLauncher } = context;
  const interrupted = store.apps.listInstalling();
  for (const app of interrupted) {
    store.apps.delete(app.id);
    discardIcons(dataDir, app.id, true);
    await removeLauncher(app).catch((error: unknown) => {
      logger.warn(
        { app: app.id, error: String(error) },
        'could not remove the launcher of an interrupted install',
      );
    });
    if (store.apps.listByOrigin(app.origin).length === 0) await pages.clearOrigin(app.origin);
    logger.warn({ app: app.id, name: app.name, origin: app.origin }, 'undid an install that was interrupted');
  }
  const iconsRoot = join(dataDir, 'icons');
  if (existsSync(iconsRoot)) {
    for (const entry of readdirSync(iconsRoot)) {
      if (entry.endsWith('.staged')) rmSync(join(iconsRoot, entry), { recursive: true, force: true });
    }
  }
  return interrupted;
}
