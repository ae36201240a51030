import type { RunRecord, SyncKind } from '../store/records.ts';

/** What the periodic sync core reports as it happens, for the host's event stream and for tests. */
export interface SyncEvents {
  /** An event was fired: its run is recorded as open (`outcome` null). */
  'run-started': RunRecord;
  /** An event ended, and its outcome is recorded (or held until the store takes writes again). */
  'run-finished': RunRecord;
  /** A registration of `kind` of the worker registration `scope` was added, changed or removed. */
  'registrations-changed': { scope: string; kind: SyncKind };
  /**
   * The browser has no worker for `scope`, which holds registrations, and the app did not unregister it:
   * the browser reported it deleted, or an event found none. The registrations are kept.
   */
  'worker-missing': { scope: string; reason: 'deleted' | 'not-found' };
}
