import type { SyncKind } from '../store/records.ts';
import { isStoreFailure } from '../store/store-errors.ts';
import type { CoreContext } from './core-context.ts';

const WHAT_IS_REMOVED: Record<SyncKind, string> = {
  periodic: 'its periodic sync registrations',
  'one-off': 'its pending one-off syncs',
};

/**
 * The app unregistered its worker registration `scope`: the syncs of `kind` filed under it go too (nothing
 * could receive them; for periodic ones, as in the spec), and so does the alert of a one-off sync it had
 * given up (nothing can send it again). Returns how many syncs went.
 */
export function removeSyncsOfWorker(context: CoreContext, scope: string, kind: SyncKind): number {
  const { store } = context;
  let removed: number;
  let forgotten = 0;
  try {
    removed = store.transaction(() => {
      if (kind === 'periodic') return store.registrations.deleteScope(scope);
      forgotten = store.runs.forgetGiveUps(scope);
      return store.oneOffSyncs.deleteScope(scope);
    });
  } catch (error) {
    if (!isStoreFailure(error)) throw error;
    // Kept for now: the app can remove them itself, and they fail with the worker missing meanwhile.
    context.storeHealth.failed(error);
    return 0;
  }
  if (removed > 0)
    context.logger.info(
      { scope, removed },
      `the app unregistered its service worker; removed ${WHAT_IS_REMOVED[kind]}`,
    );
  if (removed > 0 || forgotten > 0) {
    context.events.emit('registrations-changed', { scope, kind });
    context.schedule.plan();
  }
  return removed;
}
