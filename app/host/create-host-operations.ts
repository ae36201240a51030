import { HostError } from '../base/errors.ts';
import { SerialQueue } from '../base/serial-queue.ts';
import { TypedEmitter } from '../base/typed-emitter.ts';
import type { Clock } from '../clock/clock.ts';
import type { BrowserPages } from '../engine/browser-pages.ts';
import { type InstallResult, installApp } from '../install/install-app.ts';
import { uninstallApp } from '../install/uninstall-app.ts';
import type { Logger } from '../logging/logger.ts';
import type { AppRecord } from '../store/records.ts';
import { appForCaller } from '../sync/engine-host-adapter.ts';
import { appIconDataUrl } from './app-icon.ts';
import { applyConfig } from './apply-config.ts';
import type { Host } from './create-host.ts';
import type { HostOperations } from './host-api.ts';
import { configEntries, configEntry, readPreferences } from './host-config.ts';
import type { HostEvents } from './host-events.ts';
import { MissingWorkers } from './missing-workers.ts';
import { OpenedPages } from './opened-pages.ts';
import type { OsIntegration } from './os-integration.ts';
import { resolveApp } from './resolve-app.ts';
import { findRunTarget } from './run-target.ts';
import {
  failureAlerts,
  nextDueDetails,
  queryNotifications,
  queryRuns,
  runSummary,
  setAppIntervalFloor,
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
  /**
   * A host that serves one command (`pwa-host open` with no host serving) keeps the pages it opened until
   * that command ends: the person holds them by keeping it running. A serving host closes a page after the
   * browser-idle time, as nobody holds it once `open` has answered.
   */
  keepPagesOpen?: boolean;
}

export type LocalOperations = HostOperations & {
  /** Closes the pages `open` left open and stops reporting events. */
  close(): Promise<void>;
};

/** The host API over a store, its core and a browser, reporting what happens as `HostEvents`. */
export function createHostOperations(context: OperationsContext): LocalOperations {
  const { host, pages, os, clock, logger } = context;
  const { store, core, dataDir } = host;
  const openedPages = new OpenedPages({
    pages,
    keepMs: () => (context.keepPagesOpen ? null : core.settings.browserIdleMs),
    clock,
    logger,
  });
  const events = new TypedEmitter<HostEvents>((error, event) =>
    logger.error({ err: error, event }, 'a host event listener failed'),
  );
  const stopForwarding = forwardHostEvents(host, events);
  // One app change at a time (issue 19): an install racing an uninstall, or two installs of one URL, would
  // otherwise interleave their steps (a half-installed app, two "fresh" installs). A second install of an
  // app waits for the first and then updates it; an uninstall waits for an install under way, then removes.
  const appChanges = new SerialQueue();
  const missingWorkers = new MissingWorkers({ store, core, pages, clock, logger, appChanges });
  const app = (reference: string) => resolveApp(store.apps.list(), reference);
  const pauseAndReplan = (reference: string, paused: boolean) => {
    const changed = setAppPaused(store, reference, paused);
    core.plan();
    events.emit(paused ? 'app-paused' : 'app-resumed', changed);
    return changed;
  };

  const operations: LocalOperations = {
    events,

    install: ({ url }, options) =>
      appChanges.run(async () => {
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
      }),

    uninstall: ({ app: reference }) =>
      appChanges.run(async () => {
        // Resolved once it is this uninstall's turn: an install or uninstall before it may have changed it.
        const target = app(reference);
        await openedPages.closeAll(target.id);
        await uninstallApp({ store, pages, dataDir, logger }, target);
        await os.appUninstalled(target);
        events.emit('app-removed', target);
        return target;
      }),

    list: () => store.apps.list(),

    icon: ({ app: reference }) => appIconDataUrl(dataDir, app(reference)),

    open: ({ app: reference, path }) => openedPages.open(app(reference), path),

    pages: ({ app: reference } = {}) =>
      openedPages.list(reference === undefined ? undefined : app(reference).id),

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

    closePage: ({ id }) => openedPages.close(id),

    syncs: ({ app: reference } = {}) => syncSummaries(store, core.settings, reference),

    runs: (query) => queryRuns(store, query),

    async run({ app: reference, tag, kind }) {
      const target = app(reference);
      const found = findRunTarget(store, target, tag, kind);
      const run =
        found.kind === 'periodic'
          ? await core.runNow(found.scope, tag)
          : await core.runOneOffNow(found.scope, tag);
      return runSummary(store, run);
    },

    pause: ({ app: reference }) => pauseAndReplan(reference, true),
    resume: ({ app: reference }) => pauseAndReplan(reference, false),

    setIntervalFloor({ app: reference, floor }) {
      const changed = setAppIntervalFloor(store, reference, floor);
      core.plan();
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
      const stored = await applyConfig(store, os, key, value);
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
        // Removed when this host started (it fires due tasks itself); left again when it stops.
        wakeUp: null,
        storeProblem: core.storeProblem ?? null,
        showsWindows: context.openApp !== undefined,
        notifications: host.notifications.service(),
        settingsAdjusted: host.settingsAdjusted(),
        missingWorkers: missingWorkers.list(),
        alerts: failureAlerts(store),
      };
    },

    async close() {
      stopForwarding();
      missingWorkers.dispose();
      await openedPages.closeAll();
    },
  };
  return operations;
}

/** Reports what the core, the connectivity source and the browser say as host events; returns the undo. */
function forwardHostEvents(host: Host, events: TypedEmitter<HostEvents>): () => void {
  const { store, core } = host;
  const appOfScope = (scope: string) => {
    const origin = URL.parse(scope)?.origin;
    return (origin && appForCaller(store, { origin, scope })?.id) ?? null;
  };
  // Built only when someone listens: the app lookups would otherwise sit on every event's path.
  const forward = <E extends keyof HostEvents>(event: E, data: () => HostEvents[E]) => {
    if (events.listenerCount(event) > 0) events.emit(event, data());
  };
  const stops = [
    core.events.on('run-started', (run) => forward('run-started', () => runSummary(store, run))),
    core.events.on('run-finished', (run) => forward('run-finished', () => runSummary(store, run))),
    core.events.on('registrations-changed', ({ scope, kind }) =>
      forward('registrations-changed', () => ({ scope, appId: appOfScope(scope), kind })),
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
