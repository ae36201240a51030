/**
 * The DOMException names (plus TypeError) that the Periodic Background Sync API surfaces to pages.
 * The core throws these so the shim can rethrow exactly what the spec and Chromium would.
 */
export type PeriodicSyncErrorName =
  | 'TypeError'
  | 'InvalidStateError'
  | 'NotAllowedError'
  | 'InvalidAccessError'
  | 'QuotaExceededError'
  | 'NotFoundError'
  | 'AbortError';

export class PeriodicSyncError extends Error {
  readonly domName: PeriodicSyncErrorName;

  constructor(domName: PeriodicSyncErrorName, message: string) {
    super(message);
    this.name = 'PeriodicSyncError';
    this.domName = domName;
  }

  /** A plain, serialisable form for crossing a process or page boundary. */
  toJSON(): { name: PeriodicSyncErrorName; message: string } {
    return { name: this.domName, message: this.message };
  }
}

/** Host-level failures a user or operator must act on (not page-facing). */
export class HostError extends Error {
  readonly code: string;

  constructor(code: string, message: string) {
    super(message);
    this.name = 'HostError';
    this.code = code;
  }
}
