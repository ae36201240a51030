import { randomUUID } from 'node:crypto';
import { HostError } from '../base/errors.ts';
import type { Clock } from '../clock/clock.ts';
import type { AppPage, BrowserPages } from '../install/browser-pages.ts';
import { INSTALL_LIMITS, installApp } from '../install/install-app.ts';
import { uninstallApp } from '../install/uninstall-app.ts';
import type { Logger } from '../logging/logger.ts';
import type { AppRecord } from '../store/records.ts';
import { applyConfig } from './apply-config.ts';
import type { Host } from './create-host.ts';
import { configEntries, configEntry, readPreferences } from './host-config.ts';
import type { HostOperations, OpenedPage } from './host-operations.ts';
import type { OsIntegration } from './os-integration.ts';
import { resolveApp } from './resolve-app.ts';
import { nextDueDetails, queryRuns, setAppPaused, syncSummaries } from './store-queries.ts';

export interface OperationsContext {
  host: Host;
  pages: BrowserPages;
  os: OsIntegration;
  clock: Clock;
  logger: Logger;
}

/** The host's user-facing operations over a store, its core and a browser. */
export function createHostOperations(
  context: OperationsContext,
): HostOperations & { closeAllPages(): Promise<void> } {
  const { host, pages, os, clock, logger } = context;
  const { store, core, dataDir } = host;
  const openPages = new Map<string, { page: AppPage; opened: OpenedPage }>();
  const app = (reference: string) => resolveApp(store.apps.list(), reference);
  const pauseAndReplan = (reference: string, paused: boolean) => {
    const changed = setAppPaused(store, reference, paused);
    core.plan();
    return changed;
  };

  return {
    async install(url, onProgress) {
      // The launcher is written before the install is recorded as complete, so a killed install never
      // leaves an app without one (the next start removes the launcher of an install it undoes).
      const beforeCommit = (app: AppRecord) => os.appInstalled(app);
      try {
        return await installApp({ store, pages, dataDir, clock, logger, beforeCommit }, url, onProgress);
      } finally {
        // Registrations the app made while installing are schedulable only once it counts as installed.
        core.plan();
      }
    },

    async uninstall(reference) {
      const target = app(reference);
      for (const [id, entry] of openPages) if (entry.opened.appId === target.id) await this.closePage(id);
      await uninstallApp({ store, pages, dataDir, logger }, target);
      await os.appUninstalled(target);
      return target;
    },

    list: () => store.apps.list(),

    async open(reference, path) {
      const target = app(reference);
      const url = new URL(path ?? target.startUrl, target.startUrl);
      if (url.origin !== target.origin) {
        throw new HostError(
          'open-outside-app',
          `${url.href} is not on ${target.name}'s origin ${target.origin}.`,
        );
      }
      const page = await pages.openPage();
      const navigation = await page.navigate(url.href, INSTALL_LIMITS.loadTimeoutMs);
      if (navigation.errorText) {
        await page.close();
        throw new HostError('open-failed', `Opening ${url.href} failed: ${navigation.errorText}.`);
      }
      const opened: OpenedPage = { id: randomUUID(), appId: target.id, url: navigation.url };
      openPages.set(opened.id, { page, opened });
      void page.closed.then(() => openPages.delete(opened.id));
      return opened;
    },

    async closePage(id) {
      const entry = openPages.get(id);
      if (!entry) throw new HostError('page-not-found', `No open page has the id ${id}.`);
      openPages.delete(id);
      await entry.page.close();
    },

    syncs: (reference) => syncSummaries(store, core.settings, reference),

    runs: (query) => queryRuns(store, query),

    async run(reference, tag) {
      const target = app(reference);
      const registration = store.registrations.list(target.id).find((candidate) => candidate.tag === tag);
      if (!registration) {
        throw new HostError(
          'not-found',
          `${target.name} has no periodic sync registration with the tag "${tag}". See \`pwa-host syncs\`.`,
        );
      }
      return core.runNow(registration.scope, tag);
    },

    pause: (reference) => pauseAndReplan(reference, true),
    resume: (reference) => pauseAndReplan(reference, false),

    config: () => configEntries(core.settings, readPreferences(store)),

    async configSet(key, value) {
      const stored = await applyConfig(store, os, key, value, host.developerMode);
      host.reloadSettings();
      return configEntry(core.settings, readPreferences(store), stored);
    },

    status() {
      const nextDueAt = core.nextDueAt() ?? null;
      return {
        running: true,
        dataDir,
        pid: process.pid,
        engine: host.engine.name,
        browser: host.engine.state?.() ?? null,
        online: host.connectivity.isOnline(),
        developerMode: host.developerMode,
        eventsInFlight: core.eventsInFlight,
        nextDueAt,
        nextDue: nextDueDetails(store),
        wakeUp: os.wakeUp(),
        storeProblem: core.storeProblem ?? null,
      };
    },

    async closeAllPages() {
      await Promise.all([...openPages.keys()].map((id) => this.closePage(id).catch(() => {})));
    },
  };
}
