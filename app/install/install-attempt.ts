import { randomUUID } from 'node:crypto';
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
 * earlier install made. Before the app's manifest is read its scope is unknown, but its worker may already
 * register periodic syncs (real apps do so from their activate handler): each origin the attempt loads gets
 * a placeholder record ('installing') that claims the worker controlling the page it installs from. Once
 * the app is recorded, what the placeholder holds goes to the app whose scope contains it.
 */
export class InstallAttempt {
  readonly #context: AttemptContext;
  /** Records this attempt inserted (still 'installing'): placeholders and the new app. */
  readonly #created = new Set<string>();
  /** Origins whose pages this attempt loaded (a redirect adds the one it ended on). */
  readonly #origins = new Set<string>();
  /** This attempt's placeholder of each origin whose app is not recorded yet. */
  readonly #placeholders = new Map<string, AppInput>();

  constructor(context: AttemptContext) {
    this.#context = context;
  }

  /**
   * Claims, until the app is recorded, the worker of `origin` that controls `page` (see above); a redirect
   * within the origin moves the claim to the page it ended on.
   */
  claimOrigin(origin: string, page: string): void {
    this.#origins.add(origin);
    const { store, now } = this.#context;
    const claimed = this.#placeholders.get(origin);
    if (claimed) {
      store.apps.recordInstallClaim({ ...claimed, startUrl: page }, now(), page);
      return;
    }
    // Never a manifest id (those are URLs of the app's origin): it cannot meet a real app's record.
    const marker = `pwa-host:installing:${randomUUID()}`;
    const placeholder: AppInput = {
      id: appIdFor(marker),
      manifestId: marker,
      name: new URL(origin).host,
      shortName: null,
      startUrl: page,
      scope: `${origin}/`,
      origin,
      display: 'browser',
      themeColor: null,
      backgroundColor: null,
      icons: [],
    };
    store.apps.recordInstallClaim(placeholder, now(), page);
    this.#created.add(placeholder.id);
    this.#placeholders.set(origin, placeholder);
  }

  /**
   * Records a new app as 'installing'; what the placeholder of its origin holds goes where it belongs. Only
   * that: what installed apps hold stays theirs until the install completes, since a failed install takes
   * everything filed under its app with it.
   */
  recordNew(app: AppInput): AppRecord {
    const { store, now } = this.#context;
    return store.transaction(() => {
      const recorded = store.apps.upsert(app, now(), 'installing');
      this.#created.add(app.id);
      this.#origins.add(app.origin);
      const placeholder = this.#placeholders.get(app.origin)?.id;
      if (placeholder !== undefined) this.#settle(app.origin, placeholder);
      return recorded;
    });
  }

  /**
   * The install completed (call inside its transaction): the placeholders it no longer needs go, and the
   * registrations of every origin it loaded go to the apps whose scopes contain them, the new app's
   * included (it may contain some of another app's more closely).
   */
  complete(): void {
    for (const origin of this.#origins) this.#settle(origin, undefined);
  }

  /**
   * Files the registrations of `origin` (all, or only those the placeholder `from` holds) under the apps
   * whose scopes contain them and removes the origin's placeholder, with what no app's scope contains: a
   * registration must belong to an app (issue 19).
   */
  #settle(origin: string, from: string | undefined): void {
    const { store, logger } = this.#context;
    store.registrations.refileByScope(origin, from);
    store.oneOffSyncs.refileByScope(origin, from);
    store.runs.followRegistrations(origin);
    const placeholder = this.#placeholders.get(origin)?.id;
    if (placeholder === undefined) return;
    const unclaimed = [...store.registrations.list(placeholder), ...store.oneOffSyncs.list(placeholder)];
    if (unclaimed.length > 0) {
      logger.warn(
        { origin, registrations: unclaimed.map(({ scope, tag }) => ({ scope, tag })) },
        'dropped syncs a worker registered while its app installed: no installed app’s scope contains the worker’s scope',
      );
    }
    store.apps.delete(placeholder);
    this.#created.delete(placeholder);
    this.#placeholders.delete(origin);
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
