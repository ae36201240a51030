import { PeriodicSyncError } from '../base/errors.ts';
import type { Caller, EngineHost, NotificationHost } from '../engine/engine-port.ts';
import type { AppRecord } from '../store/records.ts';
import type { Store } from '../store/store.ts';
import type { PeriodicSyncCore } from './periodic-sync-core.ts';

/**
 * Which installed app a caller belongs to: among the apps of its origin, the one whose manifest scope is
 * the longest prefix of the worker scope, else the origin's first app.
 */
export function appForCaller(store: Store, caller: Caller): AppRecord | undefined {
  const apps = store.apps.listByOrigin(caller.origin);
  const containing = apps
    .filter((app) => caller.scope.startsWith(app.scope))
    .sort((a, b) => b.scope.length - a.scope.length);
  return containing[0] ?? apps[0];
}

/** Connects an engine's calls (identified by the engine, never by the page) to the core. */
export function engineHostFor(
  store: Store,
  core: PeriodicSyncCore,
  notifications: NotificationHost,
): EngineHost {
  return {
    notifications,
    register(caller, tag, minInterval) {
      const app = appForCaller(store, caller);
      if (!app) {
        throw new PeriodicSyncError(
          'NotAllowedError',
          `Periodic background sync is available only to installed apps, and ${caller.origin} is not installed.`,
        );
      }
      core.register(app.id, caller.scope, tag, minInterval);
    },
    unregister(caller, tag) {
      requireSameOrigin(caller);
      core.unregister(caller.scope, tag);
    },
    getTags(caller) {
      requireSameOrigin(caller);
      return core.getTags(caller.scope);
    },
    isPermissionGranted(origin) {
      return store.apps.listByOrigin(origin).length > 0;
    },
    appOf(caller) {
      return appForCaller(store, caller)?.id;
    },
    workerRegistrationGone(scope) {
      core.workerRegistrationGone(scope);
    },
  };
}

/** A caller may only touch registrations of a scope on its own origin. */
function requireSameOrigin(caller: Caller): void {
  if (URL.parse(caller.scope)?.origin !== caller.origin) {
    throw new PeriodicSyncError(
      'NotAllowedError',
      `${caller.origin} cannot use the registrations of ${caller.scope}.`,
    );
  }
}
