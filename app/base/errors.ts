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

/**
 * Every code a host failure carries, by where it comes from. A UI acts on the code (offer `resume`, ask for
 * another URL, show the store problem); the message is for people. New failures add their code here.
 */
export const HOST_ERROR_CODES = [
  // Apps, registrations, pages and settings, as the host API names them.
  'app-not-found',
  'app-ambiguous',
  'registration-not-found',
  'registration-ambiguous',
  'already-running',
  'open-outside-app',
  'open-failed',
  'no-windows',
  'page-not-found',
  'unknown-setting',
  'invalid-value',
  'invalid-settings',
  'autostart-unsupported',
  'offline',
  'browser-unavailable',
  'chromium-not-found',
  'chromium-failed',
  'host-not-running',
  'ui-not-built',
  // Installing (install-errors.ts).
  'install-not-a-url',
  'install-insecure-origin',
  'install-unreachable',
  'install-redirect-loop',
  'install-http-error',
  'install-page-never-loads',
  'install-load-failed',
  'install-no-service-worker',
  'install-no-manifest',
  'install-manifest-errors',
  'install-start-url-outside-scope',
  'install-page-never-settles',
  // The data dir and its store (store-errors.ts, lost-database.ts).
  'host-already-running',
  'schema-too-new',
  'database-corrupted',
  'database-lost',
  'data-dir-locked',
  'not-owned',
  'database-in-use',
  'data-dir-not-writable',
  'disk-full',
  // An event's own end (never reaches a client as an error).
  'shutdown',
  'time-limit',
  // The control channel.
  'control-socket-in-use',
  'socket-path-too-long',
  'connection-closed',
  'protocol-error',
  'invalid-json',
  'invalid-request',
  'unknown-operation',
  'request-too-large',
  'too-many-connections',
  'internal-error',
] as const;

export type HostErrorCode = (typeof HOST_ERROR_CODES)[number];

const PERIODIC_SYNC_ERROR_NAMES: readonly PeriodicSyncErrorName[] = [
  'TypeError',
  'InvalidStateError',
  'NotAllowedError',
  'InvalidAccessError',
  'QuotaExceededError',
  'NotFoundError',
  'AbortError',
];

/** What a client of the host API sees as an error's code: a host code, or the page-facing error's name. */
export type ApiErrorCode = HostErrorCode | PeriodicSyncErrorName;

export function isApiErrorCode(code: string): code is ApiErrorCode {
  return (
    (HOST_ERROR_CODES as readonly string[]).includes(code) ||
    (PERIODIC_SYNC_ERROR_NAMES as readonly string[]).includes(code)
  );
}

/** Host-level failures a user or operator must act on (not page-facing). */
export class HostError extends Error {
  readonly code: ApiErrorCode;

  constructor(code: ApiErrorCode, message: string) {
    super(message);
    this.name = 'HostError';
    this.code = code;
  }
}
