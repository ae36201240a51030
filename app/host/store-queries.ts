import { HostError } from '../base/errors.ts';
import type { AppRecord, RunRecord } from '../store/records.ts';
import type { Store } from '../store/store.ts';
import { effectiveIntervalMs } from '../sync/registration-rules.ts';
import type { SyncSettings } from '../sync/settings.ts';
import { parseDuration } from './config-keys.ts';
import type {
  FailureAlert,
  NotificationSummary,
  RunQuery,
  RunSummary,
  SyncSummary,
} from './host-operations.ts';
import { matchingApps, resolveApp } from './resolve-app.ts';

/**
 * The `syncs` rows: each registration with its app and the interval the host really uses; with `app`, of
 * every app it names (a prefix two apps share lists both).
 */
export function syncSummaries(store: Store, settings: SyncSettings, app?: string): SyncSummary[] {
  const apps = store.apps.list();
  const only = app === undefined ? undefined : new Set(matchingApps(apps, app).map((record) => record.id));
  const appsById = new Map(apps.map((record) => [record.id, record]));
  return store.registrations.list().flatMap((registration): SyncSummary[] => {
    const owner = appsById.get(registration.appId);
    if (owner === undefined || (only !== undefined && !only.has(owner.id))) return [];
    return [
      {
        appId: owner.id,
        appName: owner.name,
        scope: registration.scope,
        tag: registration.tag,
        minIntervalMs: registration.minIntervalMs,
        effectiveIntervalMs: effectiveIntervalMs(registration.minIntervalMs, owner, settings),
        nextDueAt: registration.nextDueAt,
        firing: registration.firing,
        paused: owner.paused,
        lastOutcome: registration.lastOutcome,
        lastCompletedAt: registration.lastCompletedAt,
      },
    ];
  });
}

/** The `runs` rows, newest first, each with its app's name (as `syncs` shows it). */
export function queryRuns(store: Store, query: RunQuery = {}): RunSummary[] {
  const apps = store.apps.list();
  const appId = query.app === undefined ? undefined : resolveApp(apps, query.app).id;
  const names = new Map(apps.map((app) => [app.id, app.name]));
  return store.runs
    .list({
      ...(appId === undefined ? {} : { appId }),
      ...(query.tag === undefined ? {} : { tag: query.tag }),
      ...(query.limit === undefined ? {} : { limit: query.limit }),
    })
    .map((run) => ({
      ...run,
      appName: names.get(run.appId) ?? null,
      notifications: notificationsOf(store, run),
    }));
}

function notificationsOf(store: Store, run: RunRecord): RunSummary['notifications'] {
  return store.notifications.ofRun(run.id).map((notification) => ({
    id: notification.id,
    title: notification.title,
    tag: notification.options.tag,
    shown: notification.shown,
  }));
}

/** The `notifications` rows, newest first, each with its app's name. */
export function queryNotifications(
  store: Store,
  query: { app?: string; limit?: number } = {},
): NotificationSummary[] {
  const apps = store.apps.list();
  const appId = query.app === undefined ? undefined : resolveApp(apps, query.app).id;
  const names = new Map(apps.map((app) => [app.id, app.name]));
  return store.notifications
    .list({
      ...(appId === undefined ? {} : { appId }),
      ...(query.limit === undefined ? {} : { limit: query.limit }),
    })
    .map((notification) => ({ ...notification, appName: names.get(notification.appId) ?? null }));
}

/** Tasks the person was told keep failing, and that have not succeeded since. */
export function failureAlerts(store: Store): FailureAlert[] {
  return store.failureAlerts.list().map((alert) => ({
    appId: alert.appId,
    appName: store.apps.get(alert.appId)?.name ?? alert.appId,
    tag: alert.tag,
    failures: alert.failures,
    lastError: alert.lastError,
    alertedAt: alert.alertedAt,
  }));
}

/**
 * `setIntervalFloor`: the app's own interval floor (a duration), or null for the host's; 0 only in
 * developer mode. Returns the app as stored afterwards.
 */
export function setAppIntervalFloor(
  store: Store,
  reference: string,
  floor: string | null,
  developerMode: boolean,
): AppRecord {
  const app = resolveApp(store.apps.list(), reference);
  const floorMs = floor === null ? null : parseDuration(floor);
  if (floorMs === 0 && !developerMode) {
    throw new HostError(
      'invalid-value',
      'An interval floor of 0 is allowed only in developer mode (pwa-host serve --min-interval-floor 0).',
    );
  }
  store.apps.setIntervalFloor(app.id, floorMs);
  return { ...app, intervalFloorMs: floorMs };
}

/** `mute` / `unmute`: the app by id or name prefix, as stored afterwards. */
export function setAppMuted(store: Store, reference: string, muted: boolean): AppRecord {
  const app = resolveApp(store.apps.list(), reference);
  store.apps.setNotificationsMuted(app.id, muted);
  return { ...app, notificationsMuted: muted };
}

/** One run with its app's name, as `runs` rows and run events carry it. */
export function runSummary(store: Store, run: RunRecord): RunSummary {
  return {
    ...run,
    appName: store.apps.get(run.appId)?.name ?? null,
    notifications: notificationsOf(store, run),
  };
}

/** Which registration is due first (paused apps aside), for `status`. */
export function nextDueDetails(store: Store): { appId: string; appName: string; tag: string } | null {
  const next = store.registrations.nextCandidate([]);
  const registration = next && store.registrations.getById(next.id);
  const app = registration && store.apps.get(registration.appId);
  return registration && app ? { appId: app.id, appName: app.name, tag: registration.tag } : null;
}

/** `pause` / `resume`: the app by id or name prefix, as stored afterwards. */
export function setAppPaused(store: Store, reference: string, paused: boolean): AppRecord {
  const app = resolveApp(store.apps.list(), reference);
  store.apps.setPaused(app.id, paused);
  return { ...app, paused };
}
