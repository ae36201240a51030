import type { SyncKind } from '../store/records.ts';
import { isStoreFailure } from '../store/store-errors.ts';
import type { CoreContext } from './core-context.ts';

const WHAT_IS_REMOVED: Record<SyncKind, string> = {
  periodic: 'its periodic sync registrations',
  'one-off': 'its pending one-off syncs',
};

/**
 * The app unregistered its worker registration `scope`: the syncs of `kind` filed under it go too (nothing
 * could receive them; for periodic ones, as in the spec). Returns how many went.
 */
export function removeSyncsOfWorker(context: CoreContext, scope: string, kind: SyncKind): number {
  const { store } = context;
  let removed: number;
  try {
    removed = store.transaction(() =>
      kind === 'periodic' ? store.registrations.deleteScope(scope) : store.oneOffSyncs.deleteScope(scope),
    );
  } catch (error) {
    if (!isStoreFailure(error)) throw error;
    // Kept for now: the app can remove them itself, and they fail with the worker missing meanwhile.
    context.storeHealth.failed(error);
    return 0;
  }
  if (removed > 0) {
    context.logger.info(
      { scope, removed },
      `the app unregistered its service worker; removed ${WHAT_IS_REMOVED[kind]}`,
    );
    context.events.emit('registrations-changed', { scope, kind });
    context.schedule.plan();
  }
  return removed;
}
