import type { AppRecord, RunRecord, SyncKind } from '../store/records.ts';
import type { Store } from '../store/store.ts';
import { effectiveIntervalMs } from '../sync/registration-rules.ts';
import type { SyncSettings } from '../sync/settings.ts';
import { readPreferences } from './host-config.ts';
import type {
  FailureAlert,
  NotificationSummary,
  RunQuery,
  RunSummary,
  SyncSummary,
} from './host-operations.ts';
import { resolveApp } from './resolve-app.ts';

/**
 * The `syncs` rows: each periodic registration with its app and the interval the host really uses, then the
 * pending one-off syncs with their next attempt.
 */
export function syncSummaries(store: Store, settings: SyncSettings, app?: string): SyncSummary[] {
  const apps = store.apps.list();
  const only = app === undefined ? undefined : resolveApp(apps, app);
  const appsById = new Map(apps.map((record) => [record.id, record]));
  const periodic = store.registrations.list(only?.id).flatMap((registration): SyncSummary[] => {
    const owner = appsById.get(registration.appId);
    if (owner === undefined) return [];
    return [
      {
        kind: 'periodic',
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
  const oneOff = store.oneOffSyncs.list(only?.id).flatMap((sync): SyncSummary[] => {
    const owner = appsById.get(sync.appId);
    if (owner === undefined) return [];
    return [
      {
        kind: 'one-off',
        appId: owner.id,
        appName: owner.name,
        scope: sync.scope,
        tag: sync.tag,
        attemptsMade: sync.attemptsMade,
        maxAttempts: settings.oneOffMaxAttempts,
        nextDueAt: sync.nextAttemptAt,
        firing: sync.firing,
        paused: owner.paused,
        lastOutcome: sync.lastOutcome,
        lastCompletedAt: sync.lastAttemptAt,
        lastError: sync.lastError,
      },
    ];
  });
  return [...periodic, ...oneOff];
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
      ...(query.kind === undefined ? {} : { kind: query.kind }),
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
  const threshold = readPreferences(store).failureAlertAfter;
  return store.failureAlerts.list().map((alert) => ({
    appId: alert.appId,
    appName: store.apps.get(alert.appId)?.name ?? alert.appId,
    tag: alert.tag,
    failures: threshold,
    lastError: alert.lastError,
    alertedAt: alert.alertedAt,
  }));
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

/** Which registration or one-off sync is due first (paused apps aside), for `status`. */
export function nextDueDetails(
  store: Store,
): { appId: string; appName: string; tag: string; kind: SyncKind } | null {
  const periodic = store.registrations.nextCandidate([]);
  const oneOff = store.oneOffSyncs.nextCandidate();
  if (oneOff && (!periodic || oneOff.nextDueAt <= periodic.nextDueAt)) {
    const sync = store.oneOffSyncs.getById(oneOff.id);
    const app = sync && store.apps.get(sync.appId);
    return sync && app ? { appId: app.id, appName: app.name, tag: sync.tag, kind: 'one-off' } : null;
  }
  const registration = periodic && store.registrations.getById(periodic.id);
  const app = registration && store.apps.get(registration.appId);
  return registration && app
    ? { appId: app.id, appName: app.name, tag: registration.tag, kind: 'periodic' }
    : null;
}

/** `pause` / `resume`: the app by id or name prefix, as stored afterwards. */
export function setAppPaused(store: Store, reference: string, paused: boolean): AppRecord {
  const app = resolveApp(store.apps.list(), reference);
  store.apps.setPaused(app.id, paused);
  return { ...app, paused };
}
