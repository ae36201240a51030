import { HostError } from '../base/errors.ts';
import type { GivenUpSyncRecord } from '../store/failure-alerts-table.ts';
import type { AppRecord, RunRecord, SyncKind } from '../store/records.ts';
import type { Store } from '../store/store.ts';
import { effectiveIntervalMs } from '../sync/registration-rules.ts';
import type { SyncSettings } from '../sync/settings.ts';
import { CONFIG_KEYS } from './config-keys.ts';
import type {
  FailureAlert,
  NotificationSummary,
  RunQuery,
  RunSummary,
  SyncSummary,
} from './host-operations.ts';
import { matchingApps, resolveApp } from './resolve-app.ts';

/**
 * The `syncs` rows: each periodic registration with its app and the interval the host really uses, then the
 * pending one-off syncs with their next attempt; with `app`, of every app it names (a prefix two apps share
 * lists both).
 */
export function syncSummaries(store: Store, settings: SyncSettings, app?: string): SyncSummary[] {
  const apps = store.apps.list();
  const only = app === undefined ? undefined : new Set(matchingApps(apps, app).map((record) => record.id));
  const appsById = new Map(apps.map((record) => [record.id, record]));
  const periodic = store.registrations.list().flatMap((registration): SyncSummary[] => {
    const owner = appsById.get(registration.appId);
    if (owner === undefined || (only !== undefined && !only.has(owner.id))) return [];
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
  const oneOff = store.oneOffSyncs.list().flatMap((sync): SyncSummary[] => {
    const owner = appsById.get(sync.appId);
    if (owner === undefined || (only !== undefined && !only.has(owner.id))) return [];
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

/**
 * Tasks the person was told keep failing and one-off syncs the host gave up, none of which has succeeded
 * since; first told first.
 */
export function failureAlerts(store: Store): FailureAlert[] {
  const nameOf = (appId: string) => store.apps.get(appId)?.name ?? appId;
  const periodic = store.failureAlerts.list().map(
    (alert): FailureAlert => ({
      kind: 'periodic',
      appId: alert.appId,
      appName: nameOf(alert.appId),
      tag: alert.tag,
      failures: alert.failures,
      lastError: alert.lastError,
      alertedAt: alert.alertedAt,
    }),
  );
  const givenUp = store.failureAlerts.givenUp().map((sync) => givenUpAlert(sync, nameOf(sync.appId)));
  return [...periodic, ...givenUp].sort((a, b) => a.alertedAt - b.alertedAt);
}

/** A one-off sync given up, as `alerts` lists it and the `failure-alert` event carries it. */
export function givenUpAlert(sync: GivenUpSyncRecord, appName: string): FailureAlert {
  return {
    kind: 'one-off',
    appId: sync.appId,
    appName,
    tag: sync.tag,
    failures: sync.attempts,
    lastError: sync.lastError,
    alertedAt: sync.alertedAt,
  };
}

/**
 * `setIntervalFloor`: the app's own interval floor (a duration), or null for the host's, under the rules of
 * the host's `interval-floor`. Returns the app as stored afterwards.
 */
export function setAppIntervalFloor(store: Store, reference: string, floor: string | null): AppRecord {
  const app = resolveApp(store.apps.list(), reference);
  const floorMs = floor === null ? null : checkedIntervalFloor(floor);
  store.apps.setIntervalFloor(app.id, floorMs);
  return { ...app, intervalFloorMs: floorMs };
}

/**
 * An app's own interval floor, under the rules of the host's (`interval-floor`): it is stored, so it must
 * work for every run (developer mode's floor of 0 belongs to one run).
 */
function checkedIntervalFloor(text: string): number {
  const definition = CONFIG_KEYS['interval-floor'];
  const floorMs = definition.parse(text) as number;
  const problem = definition.problem(floorMs);
  if (problem !== undefined) throw new HostError('invalid-value', `An app's ${problem}. Nothing was stored.`);
  return floorMs;
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
