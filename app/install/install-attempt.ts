import type { BrowserPages } from '../engine/browser-pages.ts';
import type { Logger } from '../logging/logger.ts';
import type { AppInput } from '../store/apps-table.ts';
import type { AppRecord } from '../store/records.ts';
import type { Store } from '../store/store.ts';
import { appIdFor } from './app-id.ts';
import { discardIcons } from './save-icons.ts';

export interface AttemptContext {
  store: Store;
  pages: BrowserPages;
  dataDir: string;
  logger: Logger;
  now: () => number;
}

/**
 * What one install attempt has claimed and created, so that a failure undoes exactly that and nothing an
 * earlier install made. An origin being installed gets an 'installing' record from the moment the user
 * asks: its worker may register periodic syncs while the install loads its pages (real apps do so from
 * their activate handler), and the permission follows the app records of an origin.
 */
export class InstallAttempt {
  readonly #context: AttemptContext;
  /** Records this attempt inserted (still 'installing'). */
  readonly #created = new Set<string>();
  /** Origins whose pages this attempt loaded (a redirect adds the one it ended on). */
  readonly #origins = new Set<string>();

  constructor(context: AttemptContext) {
    this.#context = context;
  }

  /**
   * Grants `origin` periodic sync for the rest of the attempt: an 'installing' placeholder when no app
   * of the origin is recorded. Its id is what an app whose manifest id is the origin's root would get,
   * so a typical app's own record simply replaces it.
   */
  claimOrigin(origin: string, startUrl: string): void {
    this.#origins.add(origin);
    const { store, now } = this.#context;
    if (store.apps.listByOrigin(origin).length > 0) return;
    const placeholder: AppInput = {
      id: appIdFor(`${origin}/`),
      manifestId: `${origin}/`,
      name: new URL(origin).host,
      shortName: null,
      startUrl,
      scope: `${origin}/`,
      origin,
      display: 'browser',
      themeColor: null,
      backgroundColor: null,
      icons: [],
    };
    store.apps.upsert(placeholder, now(), 'installing');
    this.#created.add(placeholder.id);
  }

  /**
   * Records a new app as 'installing', taking over what placeholders of its origin this attempt made
   * (the registrations and one-off syncs its worker made meanwhile).
   */
  recordNew(app: AppInput): AppRecord {
    const { store, now } = this.#context;
    return store.transaction(() => {
      const recorded = store.apps.upsert(app, now(), 'installing');
      this.#created.add(app.id);
      for (const id of this.#created) {
        const placeholder = store.apps.get(id);
        if (id === app.id || placeholder?.origin !== app.origin) continue;
        store.registrations.reassign(id, app.id);
        store.oneOffSyncs.reassign(id, app.id);
        store.apps.delete(id);
        this.#created.delete(id);
      }
      return recorded;
    });
  }

  /** The install completed: the placeholders it no longer needs go (with what registered under them). */
  dropPlaceholders(keep: string | undefined): void {
    const { store } = this.#context;
    for (const id of this.#created) if (id !== keep) store.apps.delete(id);
  }

  /**
   * The install failed: removes the records this attempt created (their registrations and runs go with
   * them), their icons and the icons it staged, and the storage and workers of every origin it loaded
   * that no installed app uses. Never touches an app that was installed before.
   */
  async undo(stagedIconsOf: string | undefined): Promise<void> {
    const { store, pages, dataDir, logger } = this.#context;
    store.transaction(() => {
      for (const id of this.#created) store.apps.delete(id);
    });
    for (const id of this.#created) discardIcons(dataDir, id, true);
    if (stagedIconsOf) discardIcons(dataDir, stagedIconsOf, false);
    for (const origin of this.#origins) {
      if (store.apps.listByOrigin(origin).length > 0) continue;
      await pages.clearOrigin(origin).catch((error: unknown) => {
        logger.warn({ origin, error: String(error) }, 'could not clear the origin of a failed install');
      });
    }
  }
}
