import { HostError } from '../base/errors.ts';
import type { AppRecord, SyncKind } from '../store/records.ts';
import type { Store } from '../store/store.ts';

/**
 * What `run APP TAG` fires: the app's periodic registration or pending one-off sync with that tag. `kind`
 * picks one when the app has both; without it, both is an error that says how to choose.
 */
export function findRunTarget(
  store: Store,
  app: AppRecord,
  tag: string,
  kind: SyncKind | undefined,
): { kind: SyncKind; scope: string } {
  const periodic =
    kind === 'one-off'
      ? undefined
      : store.registrations.list(app.id).find((candidate) => candidate.tag === tag);
  const oneOff =
    kind === 'periodic'
      ? undefined
      : store.oneOffSyncs.list(app.id).find((candidate) => candidate.tag === tag);
  if (periodic && oneOff) {
    throw new HostError(
      'registration-ambiguous',
      `${app.name} has both a periodic sync registration and a pending one-off sync with the tag "${tag}". ` +
        'Say which to run: --kind periodic or --kind one-off.',
    );
  }
  if (periodic) return { kind: 'periodic', scope: periodic.scope };
  if (oneOff) return { kind: 'one-off', scope: oneOff.scope };
  const what =
    kind === 'periodic'
      ? 'periodic sync registration'
      : kind === 'one-off'
        ? 'pending one-off sync'
        : 'periodic sync registration or pending one-off sync';
  throw new HostError('registration-not-found', `${app.name} has no ${what} with the tag "${tag}".`);
}
