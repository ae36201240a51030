import { randomUUID } from 'node:crypto';
import { HostError } from '../base/errors.ts';
import { TypedEmitter } from '../base/typed-emitter.ts';
import type { Clock } from '../clock/clock.ts';
import type { AppPage, BrowserPages } from '../engine/browser-pages.ts';
import { INSTALL_LIMITS, type InstallResult, installApp } from '../install/install-app.ts';
import { uninstallApp } from '../install/uninstall-app.ts';
import type { Logger } from '../logging/logger.ts';
import type { AppRecord } from '../store/records.ts';
import { appIconDataUrl } from './app-icon.ts';
import { applyConfig } from './apply-config.ts';
import { parseDuration } from './config-keys.ts';
import type { Host } from './create-host.ts';
import type { HostOperations } from './host-api.ts';
import { configEntries, configEntry, readPreferences } from './host-config.ts';
import type { HostEvents } from './host-events.ts';
import type { OpenedPage } from './host-operations.ts';
import type { OsIntegration } from './os-integration.ts';
import { resolveApp } from './resolve-app.ts';
import {
  failureAlerts,
  nextDueDetails,
  queryNotifications,
  queryRuns,
  runSummary,
  setAppMuted,
  setAppPaused,
  syncSummaries,
} from './store-queries.ts';

export interface OperationsContext {
  host: Host;
  pages: BrowserPages;
  os: OsIntegration;
  /** Opens or focuses an app's window: only a shell with windows has it. */
  openApp?: (app: AppRecord) => void;
  clock: Clock;
  logger: Logger;
}

export type LocalOperations = HostOperations & {
  /** Closes the pages `open` left open and stops reporting events. */
  close(): Promise<void>;
};

/** The host API over a store, its core and a browser, reporting what happens as `HostEvents`. */
export function createHostOperations(context: OperationsContext): LocalOperations {
  const { host, pages, os, clock, logger } = context;
  const { store, core, dataDir } = host;
  const openPages = new Map<string, { page: AppPage; opened: OpenedPage }>();
  const events = new TypedEmitter<HostEvents>((error, event) =>
    logger.error({ err: error, event }, 'a host event listener failed'),
  );
  const stopForwarding = forwardHostEvents(host, events);
  const app = (reference: string) => resolveApp(store.apps.list(), reference);
  const pauseAndReplan = (reference: string, paused: boolean) => {
    const changed = setAppPaused(store, reference, paused);
    core.plan();
    events.emit(paused ? 'app-paused' : 'app-resumed', changed);
    return changed;
  };

  const operations: LocalOperations = {
    events,

    async install({ url }, options) {
      // The launcher is written before the install is recorded as complete, so a killed install never
      // leaves an app without one (the next start removes the launcher of an install it undoes).
      const beforeCommit = (app: AppRecord) => os.appInstalled(app);
      let app: InstallResult;
      try {
        app = await installApp({ store, pages, dataDir, clock, logger, beforeCommit }, url, (progress) => {
          options?.onProgress?.(progress);
          events.emit('install-progress', { ...progress, url });
        });
      } finally {
        // Registrations the app made while installing are schedulable only once it counts as installed.
        core.plan();
      }
      events.emit(app.updated ? 'app-updated' : 'app-installed', app);
      return app;
    },

    async uninstall({ app: reference }) {
      const target = app(reference);
      for (const [id, entry] of openPages) {
        if (entry.opened.appId === target.id) await operations.closePage({ id });
      }
      await uninstallApp({ store, pages, dataDir, logger }, target);
      await os.appUninstalled(target);
      events.emit('app-removed', target);
      return target;
    },

    list: () => store.apps.list(),

    icon: ({ app: reference }) => appIconDataUrl(dataDir, app(reference)),

    async open({ app: reference, path }) {
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
      if (navigation.kind === 'failed') {
        await page.close();
        throw new HostError('open-failed', `Opening ${url.href} failed: ${navigation.detail}.`);
      }
      const opened: OpenedPage = { id: randomUUID(), appId: target.id, url: navigation.url };
      openPages.set(opened.id, { page, opened });
      void page.closed.then(() => openPages.delete(opened.id));
      return opened;
    },

    showApp({ app: reference }) {
      const target = app(reference);
      if (!context.openApp) {
        throw new HostError(
          'no-windows',
          `This host shows no windows (\`pwa-host serve\` runs without any): open ${target.name} from its launcher or the desktop app.`,
        );
      }
      context.openApp(target);
      return target;
    },

    async closePage({ id }) {
      const entry = openPages.get(id);
      if (!entry) throw new HostError('page-not-found', `No open page has the id ${id}.`);
      openPages.delete(id);
      await entry.page.close();
    },

    syncs: ({ app: reference } = {}) => syncSummaries(store, core.settings, reference),

    runs: (query) => queryRuns(store, query),

    async run({ app: reference, tag }) {
      const target = app(reference);
      const registration = store.registrations.list(target.id).find((candidate) => candidate.tag === tag);
      if (!registration) {
        throw new HostError(
          'registration-not-found',
          `${target.name} has no periodic sync registration with the tag "${tag}".`,
        );
      }
      return runSummary(store, await core.runNow(registration.scope, tag));
    },

    pause: ({ app: reference }) => pauseAndReplan(reference, true),
    resume: ({ app: reference }) => pauseAndReplan(reference, false),

    setIntervalFloor({ app: reference, floor }) {
      const target = app(reference);
      const floorMs = floor === null ? null : parseDuration(floor);
      if (floorMs === 0 && !host.developerMode) {
        throw new HostError(
          'invalid-value',
          'An interval floor of 0 is allowed only in developer mode (pwa-host serve --min-interval-floor 0).',
        );
      }
      store.apps.setIntervalFloor(target.id, floorMs);
      core.plan();
      const changed = { ...target, intervalFloorMs: floorMs };
      events.emit('app-updated', changed);
      return changed;
    },

    config: () => configEntries(core.settings, readPreferences(store)),

    mute: ({ app: reference }) => {
      const changed = setAppMuted(store, reference, true);
      host.engine.notificationPermissionChanged?.(changed.origin);
      events.emit('app-muted', changed);
      return changed;
    },
    unmute: ({ app: reference }) => {
      const changed = setAppMuted(store, reference, false);
      host.engine.notificationPermissionChanged?.(changed.origin);
      events.emit('app-unmuted', changed);
      return changed;
    },
    notifications: (query = {}) => queryNotifications(store, query),
    alerts: () => failureAlerts(store),

    async configSet({ key, value }) {
      const stored = await applyConfig(store, os, key, value, host.developerMode);
      host.reloadSettings();
      const entry = configEntry(core.settings, readPreferences(store), stored);
      events.emit('settings-changed', entry);
      return entry;
    },

    status() {
      const nextDueAt = core.nextDueAt() ?? null;
      return {
        running: true,
        dataDir,
        pid: process.pid,
        engine: host.engine.name,
        browser: host.engine.state?.() ?? null,
        browserBinary: host.engine.binary?.() ?? null,
        online: host.connectivity.isOnline(),
        developerMode: host.developerMode,
        eventsInFlight: core.eventsInFlight,
        nextDueAt,
        nextDue: nextDueDetails(store),
        wakeUp: os.wakeUp(),
        storeProblem: core.storeProblem ?? null,
        showsWindows: context.openApp !== undefined,
      };
    },

    async close() {
      stopForwarding();
      await Promise.all([...openPages.keys()].map((id) => operations.closePage({ id }).catch(() => {})));
    },
  };
  return operations;
}

/** Reports what the core, the connectivity source and the browser say as host events; returns the undo. */
function forwardHostEvents(host: Host, events: TypedEmitter<HostEvents>): () => void {
  const { store, core } = host;
  const appOfScope = (scope: string) => {
    const origin = URL.parse(scope)?.origin;
    return store.apps.list().find((app) => app.origin === origin)?.id ?? null;
  };
  // Built only when someone listens: the app lookups would otherwise sit on every event's path.
  const forward = <E extends keyof HostEvents>(event: E, data: () => HostEvents[E]) => {
    if (events.listenerCount(event) > 0) events.emit(event, data());
  };
  const stops = [
    core.events.on('run-started', (run) => forward('run-started', () => runSummary(store, run))),
    core.events.on('run-finished', (run) => forward('run-finished', () => runSummary(store, run))),
    core.events.on('registrations-changed', ({ scope }) =>
      forward('registrations-changed', () => ({ scope, appId: appOfScope(scope) })),
    ),
    host.connectivity.subscribe((online) => events.emit('connectivity', { online })),
    host.notifications.events.on('notification-shown', (notification) =>
      events.emit('notification-shown', {
        ...notification,
        appName: store.apps.get(notification.appId)?.name ?? null,
      }),
    ),
    host.notifications.events.on('badge-changed', (badge) => events.emit('badge-changed', badge)),
    host.notifications.events.on('failure-alert', (alert) => events.emit('failure-alert', alert)),
    host.engine.onStateChange?.((state) => events.emit('browser-state', state)),
  ];
  return () => {
    for (const stop of stops) stop?.();
  };
}
