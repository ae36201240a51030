import type { SerialQueue } from '../base/serial-queue.ts';
import type { Clock } from '../clock/clock.ts';
import type { BrowserPages } from '../engine/browser-pages.ts';
import { missingScopesOf, reprimeApp } from '../install/reprime-workers.ts';
import type { Logger } from '../logging/logger.ts';
import type { Store } from '../store/store.ts';
import type { PeriodicSyncCore } from '../sync/periodic-sync-core.ts';

/** A worker registration the browser does not have, whose periodic registrations and pending syncs the host keeps. */
export interface MissingWorker {
  appId: string;
  appName: string;
  scope: string;
  /** Since when the host knows it is missing. */
  since: number;
  /** What the host did about it: loading the app's start page now, or that failed (`error` says why). */
  restore: 'reloading' | 'failed';
  error: string | null;
}

/** An app's start page is loaded again at most this often for its missing workers (the default floor). */
const RELOAD_AGAIN_AFTER_MS = 15 * 60_000;

interface Entry {
  appId: string;
  scope: string;
  since: number;
  restore: MissingWorker['restore'];
  error: string | null;
}

export interface MissingWorkersOptions {
  store: Store;
  core: PeriodicSyncCore;
  pages: BrowserPages;
  clock: Clock;
  logger: Logger;
  /** Installs and uninstalls run here too: a worker is never brought back for an app being removed. */
  appChanges: SerialQueue;
}

/**
 * Worker registrations gone from the browser's profile while the app still has syncs of either kind on them
 * (issue 19: a moved clock or lost storage made the browser drop every worker). The store is the truth:
 * the registrations stay, the app's start page is loaded again to bring the worker back, and `status` says
 * what is missing until it is back or the app no longer needs it.
 */
export class MissingWorkers {
  readonly #options: MissingWorkersOptions;
  readonly #entries = new Map<string, Entry>();
  readonly #lastReload = new Map<string, number>();
  readonly #stop: () => void;

  constructor(options: MissingWorkersOptions) {
    this.#options = options;
    this.#stop = options.core.events.on('worker-missing', ({ scope }) => this.#missing(scope));
    // What the start-up re-priming could not bring back.
    const known = new Set(options.pages.workerScopes());
    for (const app of options.store.apps.list())
      for (const scope of missingScopesOf(options.store, app, known))
        this.#record(
          app.id,
          scope,
          'failed',
          'loading its start page as the host started did not bring it back',
        );
  }

  /** What is missing now (what came back, or lost its registrations or its app, is dropped). */
  list(): MissingWorker[] {
    const { store, pages } = this.#options;
    const known = new Set(pages.workerScopes());
    const apps = new Map(store.apps.list().map((app) => [app.id, app]));
    const missing: MissingWorker[] = [];
    for (const entry of [...this.#entries.values()]) {
      const app = apps.get(entry.appId);
      if (!app || known.has(entry.scope) || store.appHoldingWorkerScope(entry.scope) === undefined) {
        this.#entries.delete(entry.scope);
        continue;
      }
      missing.push({ ...entry, appName: app.name });
    }
    return missing;
  }

  dispose(): void {
    this.#stop();
  }

  #missing(scope: string): void {
    const appId = this.#options.store.appHoldingWorkerScope(scope);
    if (appId === undefined) return;
    this.#record(appId, scope, 'reloading', null);
    void this.#reload(appId);
  }

  #record(appId: string, scope: string, restore: Entry['restore'], error: string | null): void {
    const known = this.#entries.get(scope);
    this.#entries.set(scope, {
      appId,
      scope,
      since: known?.since ?? this.#options.clock.now(),
      restore,
      error,
    });
  }

  /** Loads the app's start page again (one app change at a time), unless it was loaded for this lately. */
  async #reload(appId: string): Promise<void> {
    const { clock, appChanges, store, pages } = this.#options;
    const last = this.#lastReload.get(appId);
    if (last !== undefined && clock.now() - last < RELOAD_AGAIN_AFTER_MS) {
      this.#settle(
        appId,
        'its start page was loaded for this a short while ago; the next event that finds no worker loads it again',
      );
      return;
    }
    this.#lastReload.set(appId, clock.now());
    await appChanges.run(async () => {
      const app = store.apps.list().find((candidate) => candidate.id === appId);
      if (!app || missingScopesOf(store, app, new Set(pages.workerScopes())).length === 0) return;
      try {
        await reprimeApp(pages, app);
        this.#settle(appId, 'its start page registered no service worker for it');
      } catch (error) {
        this.#settle(appId, `its start page could not be loaded: ${String(error)}`);
      }
    });
  }

  /** After a reload: what came back is dropped (and logged); what did not is marked failed, with `why`. */
  #settle(appId: string, why: string): void {
    const known = new Set(this.#options.pages.workerScopes());
    for (const entry of [...this.#entries.values()]) {
      if (entry.appId !== appId) continue;
      if (known.has(entry.scope)) {
        this.#entries.delete(entry.scope);
        this.#options.logger.info({ scope: entry.scope }, 'the missing service worker is back');
        continue;
      }
      this.#options.logger.warn({ scope: entry.scope, why }, 'a service worker is still missing');
      this.#record(appId, entry.scope, 'failed', why);
    }
  }
}
