import type { BrowserPages } from '../engine/browser-pages.ts';
import type { Logger } from '../logging/logger.ts';
import type { Store } from '../store/store.ts';
import { INSTALL_LIMITS } from './install-app.ts';

/**
 * A profile can lack an installed app's service worker (a new profile, or the app was installed under the
 * other engine). Loading the app's start page once registers it again, before anything is due to fire.
 */
export async function reprimeMissingWorkers(
  store: Store,
  pages: BrowserPages,
  logger: Logger,
): Promise<string[]> {
  const reprimed: string[] = [];
  const apps = store.apps.list();
  // The worker registrations the host will fire events in: periodic registrations and pending syncs.
  const scopesOf = (appId: string) => [
    ...store.registrations.list(appId).map((registration) => registration.scope),
    ...store.oneOffSyncs.list(appId).map((sync) => sync.scope),
  ];
  await pages.lookForWorkers?.(apps.flatMap((app) => [app.scope, ...scopesOf(app.id)]));
  const known = new Set(pages.workerScopes());
  for (const app of apps) {
    const scopes = new Set(scopesOf(app.id));
    const missing = [...scopes].filter((scope) => !known.has(scope));
    const hasAnyWorker = [...known].some((scope) => new URL(scope).origin === app.origin);
    if (missing.length === 0 && hasAnyWorker) continue;
    logger.info(
      { app: app.id, missing },
      'the profile lacks this app’s service worker: loading its start page',
    );
    const page = await pages.openPage();
    try {
      const worker = await page.watchServiceWorker();
      try {
        await page.navigate(app.startUrl, INSTALL_LIMITS.loadTimeoutMs);
        await worker.outcome(INSTALL_LIMITS.serviceWorkerTimeoutMs);
      } finally {
        await worker.stop();
      }
      await page.waitForNetworkIdle(INSTALL_LIMITS.settleIdleMs, INSTALL_LIMITS.settleMaxMs);
      reprimed.push(app.id);
    } catch (error) {
      logger.warn({ app: app.id, error: String(error) }, 'could not re-prime the app’s service worker');
    } finally {
      await page.close();
    }
  }
  return reprimed;
}
