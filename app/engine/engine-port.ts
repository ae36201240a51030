import type { NotificationOptions, ShimNotificationSnapshot } from './shim-messages.ts';

/**
 * The engine port: the only way the core reaches a browser. Adapters (headless Chromium over CDP, Electron)
 * implement `Engine`; the core implements `EngineHost` for calls coming from pages and workers.
 */

import { HostError } from '../base/errors.ts';

/**
 * How a dispatched event ended as the engine saw it. `abandoned`: the host gave up on it (its signal) before
 * the worker reported it done. The engine judges no time limit: the core owns it and reads `abandoned`.
 */
export type DispatchStatus = 'success' | 'failed' | 'abandoned';

export interface DispatchOutcome {
  status: DispatchStatus;
  /** Why the event failed or was abandoned (a rejection reason, a crash), as text for the run history. */
  error?: string;
  /**
   * It failed because the browser itself went away (crashed, was killed) while the event ran: not the app's
   * doing. One-off syncs do not count such an attempt.
   */
  browserLost?: true;
}

/** The outcome every engine reports for an event the host gave up on (`reason`: the signal's reason). */
export function abandonedOutcome(reason: unknown): DispatchOutcome {
  const why = reason instanceof Error ? reason.message : String(reason ?? 'no reason given');
  return { status: 'abandoned', error: `The host gave up on the event: ${why}` };
}

export interface DispatchRequest {
  /** The service worker registration's scope URL, exactly as registered. */
  scope: string;
  tag: string;
  /**
   * The core's time limit for the event, for an engine whose browser wants a keep-alive duration. The
   * engine does not judge it: the core aborts `signal` when the limit passes.
   */
  timeLimitMs: number;
  /**
   * Aborted when the host gives up on the event (its time limit, shutdown). The engine then reads what the
   * browser already sent (a completion that arrived wins), resolves with that or `abandonedOutcome`
   * promptly, and releases the worker.
   */
  signal: AbortSignal;
}

/** A one-off Background Sync event: a periodic one's request plus the event's `lastChance`. */
export interface SyncDispatchRequest extends DispatchRequest {
  /** True on the sync's last attempt only: the app should give up gracefully if this one fails. */
  lastChance: boolean;
}

/** Raised by `ensureWorkerRunning` when the profile has no worker registration for the scope. */
export class WorkerNotFoundError extends Error {
  readonly scope: string;

  constructor(scope: string) {
    super(`No service worker is registered for the scope ${scope}.`);
    this.name = 'WorkerNotFoundError';
    this.scope = scope;
  }
}

/** Who made a call through the shim, as the engine knows it from its own view of frames and workers. */
export interface Caller {
  /** The origin of the page or worker that called. */
  origin: string;
  /**
   * The scope of the service worker registration the call is about (a worker's own; the one a page's
   * `registration` object names); for a page's call about no registration (`new Notification`, the
   * badge, a permission), the page's own URL. Which app the caller belongs to follows from it.
   */
  scope: string;
}

/** A notification as an app made it: its id (the host's), title and options. */
export type NotificationSnapshot = ShimNotificationSnapshot;
export type { NotificationOptions };

/** A badge as `navigator.setAppBadge` sets it: a count, 'flag' (no number), or null (cleared). */
export type Badge = number | 'flag' | null;

/**
 * The notification and badge calls of pages and workers. `scope` null: a page's `new Notification`, which
 * belongs to no worker registration.
 */
export interface NotificationHost {
  /** "granted" when the caller belongs to an installed app the person has not muted, "denied" otherwise. */
  permission(caller: Caller): 'granted' | 'denied';
  /** Shows (or, for a muted app, only records) a notification; rejects without the permission. */
  show(
    caller: Caller,
    from: 'worker' | 'page',
    scope: string | null,
    title: string,
    options: NotificationOptions,
  ): { id: number; shown: boolean };
  /** The caller's app's notifications still shown by `scope`'s registration, optionally only of `tag`. */
  getOpen(caller: Caller, scope: string, tag: string): NotificationSnapshot[];
  /** `notification.close()`: only a notification of the caller's own app. */
  close(caller: Caller, id: number): void;
  setBadge(caller: Caller, badge: Badge): void;
}

/** A click or a dismissal to deliver (`action`: the action button clicked, '' for the body). */
export interface NotificationEventRequest {
  kind: 'notificationclick' | 'notificationclose';
  /** The worker registration that showed it; null for a page's notification (delivered to that page). */
  scope: string | null;
  notification: NotificationSnapshot;
  action: string;
  /** As for periodicsync: the core's limit, judged by the core, which aborts `signal`. */
  timeLimitMs: number;
  signal: AbortSignal;
}

/** What the core offers to an engine: the page-facing API plus lifecycle reports. */
export interface EngineHost {
  readonly notifications: NotificationHost;
  register(caller: Caller, tag: string, minInterval: unknown): void;
  unregister(caller: Caller, tag: string): void;
  getTags(caller: Caller): string[];
  /** `SyncManager.register(tag)`: a one-off Background Sync of the caller's registration. */
  registerSync(caller: Caller, tag: string): void;
  /** `SyncManager.getTags()`: the caller's registration's one-off syncs not yet fired to completion. */
  getSyncTags(caller: Caller): string[];
  /**
   * Whether the caller belongs to an installed app: the periodic-background-sync and background-sync
   * permissions.
   */
  isPermissionGranted(caller: Caller): boolean;
  /** The id of the installed app a caller belongs to, if any: the calls of one app share a budget. */
  appOf(caller: Caller): string | undefined;
  /**
   * The browser reports the worker registration for `scope` deleted. Only the app's own `unregister()`
   * (`workerUnregistered`) takes its registrations of both kinds: any other deletion is a worker gone missing.
   */
  workerRegistrationGone(scope: string): void;
  /** The app's page or worker unregistered the worker registration of `caller.scope` (seen by the shim). */
  workerUnregistered(caller: Caller): void;
}

/** The browser binary an engine runs: its path, and what sort it is (e.g. "headless shell"). */
export interface BrowserBinary {
  path: string;
  kind: string;
}

/**
 * Whether the browser behind an engine can run events now. `restarting`: it went away and the engine is
 * bringing it back (attempt n in a row); `failed`: it keeps going away, the engine still retries, slowly;
 * `stopped`: stopped on purpose because nothing needed it (the `browser-idle` setting), it starts again
 * when something does; `starting`: being started for that.
 */
export type EngineState =
  | { status: 'running' }
  | { status: 'starting' }
  | { status: 'stopped'; reason: 'idle' }
  | { status: 'restarting'; attempt: number; reason: string }
  | { status: 'failed'; reason: string };

/** The state as one line for people (status, errors). */
export function describeEngineState(state: EngineState): string {
  switch (state.status) {
    case 'running':
      return 'running';
    case 'starting':
      return 'starting';
    case 'stopped':
      return 'stopped (idle)';
    case 'restarting':
      return `restarting (attempt ${state.attempt}: ${state.reason})`;
    case 'failed':
      return `failed: ${state.reason}`;
  }
}

/** An operation needed the browser and it is not running: `why` says what it does instead (its state). */
export function browserUnavailable(why: string): HostError {
  const sentence = /[.!?]$/.test(why) ? why : `${why}.`;
  return new HostError('browser-unavailable', `The browser is not running: ${sentence}`);
}

/** What the core's schedule asks of the browser (see `shouldBrowserRun`). */
export interface BrowserDemand {
  /** When the next event may fire; undefined when nothing can (none registered, offline). */
  nextDueAt: number | undefined;
  eventsInFlight: number;
  /** The `browser-idle` setting: null keeps the browser running. */
  idleMs: number | null;
}

export interface Engine {
  /** A short name for logs and `status` (e.g. "chromium"). */
  readonly name: string;
  /** Starts the browser side and connects it to the core. */
  start(host: EngineHost): Promise<void>;
  /** Makes sure the worker for `scope` is running; rejects with WorkerNotFoundError if none is registered. */
  ensureWorkerRunning(scope: string): Promise<void>;
  /**
   * Optional fast path: true when the worker for `scope` runs ready for an event right now (and is kept
   * running, as ensureWorkerRunning would), so the core dispatches in the same tick instead of awaiting
   * ensureWorkerRunning. False means "not known to be ready": the core then calls ensureWorkerRunning.
   */
  claimReadyWorker?(scope: string): boolean;
  /**
   * Fires `periodicsync` with `tag` in the worker for `scope` and resolves with how it ended. Never rejects;
   * never resolves on its own clock (only the worker, its loss or the signal end an event).
   */
  dispatchPeriodicSync(request: DispatchRequest): Promise<DispatchOutcome>;
  /** Fires a one-off `sync` event (`tag`, `lastChance`) in the worker for `scope`, like `dispatchPeriodicSync`. */
  dispatchSync(request: SyncDispatchRequest): Promise<DispatchOutcome>;
  /**
   * Fires `notificationclick`/`notificationclose` in the worker of `request.scope` (started first if it is
   * not running) and resolves with how it ended, like `dispatchPeriodicSync`; for a page's notification,
   * fires `click`/`close` on it in the page that made it ('failed' when that page is gone). Never rejects.
   */
  dispatchNotificationEvent(request: NotificationEventRequest): Promise<DispatchOutcome>;
  /**
   * The notification permission of `origin` changed (muted, unmuted): its open pages and running workers
   * learn the new `Notification.permission`. An engine without it leaves them to their next query.
   */
  notificationPermissionChanged?(origin: string): void;
  /** The browser's state; an engine without one is always running once started. */
  state?(): EngineState;
  /** The browser binary the engine runs (once it has started one), for `status`. */
  binary?(): BrowserBinary | undefined;
  /** Calls `listener` on every state change; returns the function that unsubscribes. */
  onStateChange?(listener: (state: EngineState) => void): () => void;
  /**
   * The schedule changed (or an event ended): an engine whose browser can stop while idle decides from
   * this whether it runs. Engines without one ignore it.
   */
  setDemand?(demand: BrowserDemand): void;
  /**
   * Holds the browser running until `release()`, starting it first if it was stopped for being idle.
   * Rejects (HostError 'browser-unavailable') while it is restarting or failed, or if it cannot start.
   */
  ensureRunning?(): Promise<void>;
  /** Lets go of one `ensureRunning()` hold. */
  release?(): void;
  /** Stops the browser side; events still running are abandoned. */
  stop(): Promise<void>;
}
