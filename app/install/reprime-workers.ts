import type { BrowserPages } from '../engine/browser-pages.ts';
import type { Logger } from '../logging/logger.ts';
import type { AppRecord } from '../store/records.ts';
import type { Store } from '../store/store.ts';
import { appForCaller } from '../sync/engine-host-adapter.ts';
import { INSTALL_LIMITS } from './install-app.ts';

/**
 * Loads the app's start page once, as an installed app, so it registers its service worker again (and,
 * as on every load, its periodic syncs). Rejects when the page does not load.
 */
export async function reprimeApp(pages: BrowserPages, app: AppRecord): Promise<void> {
  const page = await pages.openPage();
  try {
    const navigation = await page.navigate(app.startUrl, INSTALL_LIMITS.loadTimeoutMs);
    if (navigation.kind === 'failed') throw new Error(`${app.startUrl} did not load: ${navigation.detail}`);
    await page.serviceWorkerReady(INSTALL_LIMITS.serviceWorkerTimeoutMs);
    await page.waitForNetworkIdle(INSTALL_LIMITS.settleIdleMs, INSTALL_LIMITS.settleMaxMs);
  } finally {
    await page.close();
  }
}

/** The scopes of the app's periodic registrations and pending syncs that the browser has no worker for. */
export function missingScopesOf(store: Store, app: AppRecord, known: ReadonlySet<string>): string[] {
  return [...new Set(registeredScopesOf(store, app.id))].filter((scope) => !known.has(scope));
}

/** The worker scopes an app holds periodic registrations or pending one-off syncs for. */
function registeredScopesOf(store: Store, appId: string): string[] {
  return [
    ...store.registrations.list(appId).map((registration) => registration.scope),
    ...store.oneOffSyncs.list(appId).map((sync) => sync.scope),
  ];
}

/**
 * A profile can lack an installed app's service worker (a new profile, one that lost its workers, or the
 * app was installed under the other engine). Loading the app's start page once registers it again, before
 * anything is due to fire. Returns the ids of the apps it loaded.
 */
export async function reprimeMissingWorkers(
  store: Store,
  pages: BrowserPages,
  logger: Logger,
): Promise<string[]> {
  const reprimed: string[] = [];
  const apps = store.apps.list();
  // The worker registrations the host will fire events in: periodic registrations and pending syncs.
  await pages.lookForWorkers?.(apps.flatMap((app) => [app.scope, ...registeredScopesOf(store, app.id)]));
  const known = new Set(pages.workerScopes());
  for (const app of apps) {
    const missing = missingScopesOf(store, app, known);
    // On a shared origin another app's workers are no sign of this one's: a worker the app owns, or one
    // that controls its start page, is.
    const hasOwnWorker = [...known].some(
      (scope) =>
        app.startUrl.startsWith(scope) ||
        (URL.parse(scope)?.origin === app.origin &&
          appForCaller(store, { origin: app.origin, scope })?.id === app.id),
    );
    if (missing.length === 0 && hasOwnWorker) continue;
    logger.warn(
      { app: app.id, missing },
      'the browser profile lacks this app’s service worker: loading its start page to register it again',
    );
    try {
      await reprimeApp(pages, app);
      reprimed.push(app.id);
    } catch (error) {
      logger.warn({ app: app.id, error: String(error) }, 'could not re-prime the app’s service worker');
    }
  }
  return reprimed;
}
