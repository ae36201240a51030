import { PeriodicSyncError } from '../base/errors.ts';
import type { Caller, EngineHost, NotificationHost } from '../engine/engine-port.ts';
import type { AppRecord } from '../store/records.ts';
import type { Store } from '../store/store.ts';
import type { PeriodicSyncCore } from './periodic-sync-core.ts';

/**
 * Which app a caller belongs to: the app whose scope contains `caller.scope` (a worker's registration
 * scope, or the URL of a page that names no registration), the longest such scope where apps nest. One
 * that no app's scope contains belongs to none: another app of the origin is never a fallback, since two
 * apps may share an origin (`user.github.io/notes/`, `…/todo/`).
 *
 * During a first install the app is not recorded yet, while its worker may register from its `activate`
 * handler: the install's placeholder claims the worker that controls the page it installs from, unless an
 * app's scope is exactly that worker's scope (then it is that app's worker).
 */
export function appForCaller(store: Store, caller: Caller): AppRecord | undefined {
  const apps = store.apps.listByOrigin(caller.origin);
  const claims = store.apps.installClaims(caller.origin);
  const placeholders = new Set(claims.map((claim) => claim.appId));
  let owner: AppRecord | undefined;
  for (const app of apps) {
    if (placeholders.has(app.id) || !caller.scope.startsWith(app.scope)) continue;
    if (!owner || app.scope.length > owner.scope.length) owner = app;
  }
  if (owner?.scope === caller.scope) return owner;
  const claim = claims.find((candidate) => candidate.page.startsWith(caller.scope));
  return (claim && apps.find((app) => app.id === claim.appId)) ?? owner;
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
          `Periodic background sync is available only to installed apps, and no app installed from ${caller.origin} has a scope that contains ${caller.scope}.`,
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
    registerSync(caller, tag) {
      const app = appForCaller(store, caller);
      if (!app) {
        throw new PeriodicSyncError(
          'NotAllowedError',
          `Background sync is available only to installed apps, and ${caller.origin} is not installed.`,
        );
      }
      core.registerOneOff(app.id, caller.scope, tag);
    },
    getSyncTags(caller) {
      requireSameOrigin(caller);
      return core.getOneOffTags(caller.scope);
    },
    isPermissionGranted(caller) {
      return appForCaller(store, caller) !== undefined;
    },
    appOf(caller) {
      return appForCaller(store, caller)?.id;
    },
    workerRegistrationGone(scope) {
      core.workerLost(scope);
    },
    workerUnregistered(caller) {
      requireSameOrigin(caller);
      core.workerUnregistered(caller.scope);
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
