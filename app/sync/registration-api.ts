import { PeriodicSyncError } from '../base/errors.ts';
import type { AppRecord, RegistrationRecord } from '../store/records.ts';
import { type CoreContext, keyOf } from './core-context.ts';
import { checkTag, effectiveIntervalMs } from './registration-rules.ts';
import { removeSyncsOfWorker } from './remove-worker-syncs.ts';
import { enforceRangeUnsignedLongLong } from './web-idl.ts';

/**
 * The page-facing half of Periodic Background Sync (called through the engine with the caller it
 * identified): register, unregister, getTags, and the browser deleting a worker registration.
 */
export class RegistrationApi {
  readonly #context: CoreContext;

  constructor(context: CoreContext) {
    this.#context = context;
  }

  /** `PeriodicSyncManager.register()` for a worker registration `scope` belonging to `appId`. */
  register(appId: string, scope: string, tag: string, minInterval: unknown): RegistrationRecord {
    const context = this.#context;
    const { store } = context;
    const minIntervalMs = enforceRangeUnsignedLongLong(minInterval, 'minInterval');
    checkTag(tag);
    const app = this.#requireInstalled(appId);
    checkScopeBelongsToApp(scope, app);
    const now = context.clock.now();
    let unchanged = false; // a page registers on every load: only a real change is reported
    const registration = store.transaction(() => {
      const existing = store.registrations.get(scope, tag);
      const firing = context.inFlight.has(keyOf(scope, tag));
      if (!existing) {
        const count = store.registrations.countForOrigin(app.origin, context.settings.maxTagsPerOrigin);
        if (count >= context.settings.maxTagsPerOrigin) {
          throw new PeriodicSyncError(
            'QuotaExceededError',
            `${app.origin} already has ${count} periodic sync registrations, the most one origin may have. ` +
              'Unregister tags it no longer needs before registering new ones.',
          );
        }
        const interval = effectiveIntervalMs(minIntervalMs, app, context.settings);
        const created = store.registrations.insert({
          appId: app.id,
          origin: app.origin,
          scope,
          tag,
          minIntervalMs,
          createdAt: now,
          nextDueAt: now + interval,
        });
        if (!firing) return created;
        // SQLite may hand the new row the old one's id: the flag, not the id, says it is a fresh registration.
        context.waitingForPrevious.add(created.id);
        store.registrations.updateInterval(created.id, minIntervalMs, created.nextDueAt, true);
        return { ...created, reregisteredWhileFiring: true };
      }
      // Filed under another app by an older build (issue 19): the origin's registrations go where they
      // belong. Not while this app is being installed: a failed install would take them with it, and one
      // that completes refiles them anyway.
      const refiled =
        existing.appId !== app.id &&
        !store.apps.listInstalling().some((installing) => installing.id === app.id);
      if (refiled) {
        store.registrations.refileByScope(app.origin);
        store.runs.followRegistrations(app.origin);
      }
      if (existing.minIntervalMs === minIntervalMs && !firing && !refiled) {
        unchanged = true;
        return existing;
      }
      const base = existing.lastCompletedAt ?? existing.createdAt;
      const nextDueAt = firing
        ? existing.nextDueAt
        : base + effectiveIntervalMs(minIntervalMs, app, context.settings);
      store.registrations.updateInterval(existing.id, minIntervalMs, nextDueAt, firing);
      return store.registrations.getById(existing.id) as RegistrationRecord;
    });
    if (!unchanged) context.events.emit('registrations-changed', { scope, kind: 'periodic' });
    context.schedule.planIfEarlier(registration.nextDueAt);
    return registration;
  }

  /** `PeriodicSyncManager.unregister()`: removing a tag that is not registered is not an error. */
  unregister(scope: string, tag: string): boolean {
    // No re-plan: a timer set for a removed registration finds nothing due and plans again.
    const removed = this.#context.store.registrations.delete(scope, tag);
    if (removed) this.#context.events.emit('registrations-changed', { scope, kind: 'periodic' });
    return removed;
  }

  /** `PeriodicSyncManager.getTags()`, in registration order. */
  getTags(scope: string): string[] {
    return this.#context.store.registrations.tagsOf(scope);
  }

  /** The app unregistered its worker registration: its periodic registrations go too, as in the spec. */
  workerUnregistered(scope: string): number {
    return removeSyncsOfWorker(this.#context, scope, 'periodic');
  }

  /**
   * The browser has no worker for `scope` and the app did not unregister it (a profile that lost its
   * workers, a moved clock, storage removed): the store is the truth, so the registrations stay, and the
   * host is told so it can bring the worker back and say so.
   */
  workerLost(scope: string, reason: 'deleted' | 'not-found'): void {
    const context = this.#context;
    const { store } = context;
    const owner = store.appHoldingWorkerScope(scope);
    // None, or an app being installed or removed: its workers come and go with it.
    if (owner === undefined || store.apps.listInstalling().some((app) => app.id === owner)) return;
    context.logger.warn(
      { scope, kept: store.registrations.tagsOf(scope), pending: store.oneOffSyncs.tagsOf(scope), reason },
      reason === 'deleted'
        ? 'the browser deleted a service worker the app did not unregister; its periodic sync registrations and pending syncs are kept'
        : 'no service worker in the browser for registered syncs; the registrations are kept',
    );
    context.events.emit('worker-missing', { scope, reason });
  }

  #requireInstalled(appId: string): AppRecord {
    const app = this.#context.store.apps.get(appId);
    if (!app) {
      throw new PeriodicSyncError(
        'NotAllowedError',
        'Periodic background sync is available only to installed apps; install this app in PWA Host first.',
      );
    }
    return app;
  }
}

/** A registration's scope must be on its app's origin. */
export function checkScopeBelongsToApp(scope: string, app: AppRecord): void {
  const origin = URL.parse(scope)?.origin;
  if (origin === undefined) {
    throw new PeriodicSyncError('InvalidStateError', `The service worker scope is not a URL: ${scope}.`);
  }
  if (origin !== app.origin) {
    throw new PeriodicSyncError(
      'NotAllowedError',
      `The scope ${scope} is not on the app's origin ${app.origin}.`,
    );
  }
}
