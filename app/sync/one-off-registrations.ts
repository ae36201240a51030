import { PeriodicSyncError } from '../base/errors.ts';
import type { OneOffSyncRecord } from '../store/records.ts';
import { type CoreContext, oneOffKeyOf } from './core-context.ts';
import { checkScopeBelongsToApp } from './registration-api.ts';
import { checkTag } from './registration-rules.ts';
import { removeSyncsOfWorker } from './remove-worker-syncs.ts';

/**
 * The page-facing half of one-off Background Sync (`SyncManager`, called through the engine with the caller
 * it identified): register and getTags, and the browser deleting a worker registration.
 */
export class OneOffRegistrations {
  readonly #context: CoreContext;

  constructor(context: CoreContext) {
    this.#context = context;
  }

  /**
   * `SyncManager.register(tag)` for a worker registration `scope` belonging to `appId`. One sync per tag:
   * registering a pending tag again keeps it as it is (its attempts included, as Chromium does); registering
   * one whose event runs now makes it fire once more after that event.
   */
  register(appId: string, scope: string, tag: string): OneOffSyncRecord {
    const context = this.#context;
    const { store } = context;
    checkTag(tag);
    const app = store.apps.get(appId);
    if (!app) {
      throw new PeriodicSyncError(
        'NotAllowedError',
        'Background sync is available only to installed apps; install this app in PWA Host first.',
      );
    }
    checkScopeBelongsToApp(scope, app);
    let changed = true;
    const sync = store.transaction(() => {
      const existing = store.oneOffSyncs.get(scope, tag);
      if (existing) {
        changed = existing.firing && !existing.reregisteredWhileFiring;
        if (changed) store.oneOffSyncs.markReregisteredWhileFiring(existing.id);
        return { ...existing, reregisteredWhileFiring: existing.reregisteredWhileFiring || existing.firing };
      }
      const count = store.oneOffSyncs.countForOrigin(app.origin);
      if (count >= context.settings.maxTagsPerOrigin) {
        throw new PeriodicSyncError(
          'QuotaExceededError',
          `${app.origin} already has ${count} pending background syncs, the most one origin may have. ` +
            'They are sent once the network is there; register more after they have fired.',
        );
      }
      const now = context.clock.now();
      const created = store.oneOffSyncs.insert({
        appId: app.id,
        origin: app.origin,
        scope,
        tag,
        createdAt: now,
        nextAttemptAt: now,
      });
      // The event of a sync removed meanwhile (its app reinstalled, its worker registered anew) still runs:
      // one event per scope and tag at a time, so this one fires right after it, as a re-registration would.
      if (!context.inFlight.has(oneOffKeyOf(scope, tag))) return created;
      store.oneOffSyncs.setFiring(created.id, true);
      store.oneOffSyncs.markReregisteredWhileFiring(created.id);
      return { ...created, firing: true, reregisteredWhileFiring: true };
    });
    if (changed) context.events.emit('registrations-changed', { scope, kind: 'one-off' });
    context.schedule.planIfEarlier(sync.nextAttemptAt);
    return sync;
  }

  /** `SyncManager.getTags()`: the syncs not yet fired to completion, in registration order. */
  getTags(scope: string): string[] {
    return this.#context.store.oneOffSyncs.tagsOf(scope);
  }

  /** The app unregistered its worker registration: its pending syncs go too (nothing could receive them). */
  workerUnregistered(scope: string): number {
    return removeSyncsOfWorker(this.#context, scope, 'one-off');
  }
}
