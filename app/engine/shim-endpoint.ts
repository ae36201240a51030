import { PeriodicSyncError } from '../base/errors.ts';
import type { Logger } from '../logging/logger.ts';
import { type BudgetRefusal, CallBudget } from './call-budget.ts';
import type { Caller, EngineHost } from './engine-port.ts';
import type { ShimCall, ShimReply, ShimState } from './shim-messages.ts';

/**
 * Who sent a shim call, as the engine knows it from its own view of the browser (never from what the page
 * says): a page's frame origin and URL, or a service worker's origin and the scope of its registration.
 */
export type ShimSender =
  | {
      kind: 'page';
      frameOrigin: string | undefined;
      /** The URL of the frame's document: which app the page's own calls belong to. */
      frameUrl: string | undefined;
      /** The engine's own name for the page (its document), where it has one: its calls share a budget. */
      pageKey?: string;
    }
  | { kind: 'worker'; origin: string; registrationScope: string | undefined };

/**
 * Calls answered even over budget: a badge is state, so the latest must win, and the host applies at most
 * a few a second per app whatever the rate (NotificationCenter), so accepting one costs next to nothing.
 */
const ANSWERED_OVER_BUDGET: ReadonlySet<ShimCall['method']> = new Set(['setBadge']);

/** What the engine knows about the browser's state, asked only when a check needs it. */
export interface EngineFacts {
  /** Whether the worker registration for `scope` has an active worker. */
  hasActiveWorker(scope: string): boolean;
  /** Whether a top-level or auxiliary page of `origin` is open (a window client). */
  hasWindowClient(origin: string): boolean;
}

/**
 * The page-facing half of the engine port, the same for every engine: identifies the caller, applies
 * Chromium's check order and answers the call. An engine parses the message, calls `answer` and carries
 * the reply back; it decides nothing itself.
 */
export class ShimEndpoint {
  readonly #host: EngineHost;
  readonly #logger: Logger;
  readonly #budget: CallBudget;

  constructor(host: EngineHost, logger: Logger, budget = new CallBudget()) {
    this.#host = host;
    this.#logger = logger;
    this.#budget = budget;
  }

  answer(sender: ShimSender, call: ShimCall, facts: EngineFacts): ShimReply {
    try {
      const caller = callerOf(sender, call);
      const refusal = this.#budget.take(
        budgetKeyOf(sender, caller.origin),
        () => this.#host.appOf(caller) ?? caller.origin,
      );
      if (refusal && !ANSWERED_OVER_BUDGET.has(call.method)) this.#refuse(call, caller, refusal);
      return { type: 'reply', id: call.id, ok: true, result: this.#perform(sender, caller, call, facts) };
    } catch (error) {
      const name = error instanceof PeriodicSyncError ? error.domName : 'AbortError';
      const message = error instanceof Error ? error.message : String(error);
      if (!(error instanceof PeriodicSyncError))
        this.#logger.error({ error: message, method: call.method }, 'a shim call failed in the host');
      return { type: 'reply', id: call.id, ok: false, error: { name, message } };
    }
  }

  /** The shim reports that it refuses a page's or worker's calls over its own budget: logged once per burst. */
  refusedByShim(sender: ShimSender, method: string): void {
    const origin = sender.kind === 'worker' ? sender.origin : sender.frameOrigin;
    if (origin === undefined || origin === 'null') return;
    if (this.#budget.refusedByShim(budgetKeyOf(sender, origin)))
      this.#logOverBudget(origin, method, 'caller');
  }

  #logOverBudget(origin: string, method: string, over: 'caller' | 'app'): void {
    this.#logger.warn(
      { origin, method, over },
      `${origin} calls the host too often: its calls are refused until it slows down`,
    );
  }

  /**
   * A call over budget gets what a browser gives for a call it will not carry out: showNotification's
   * TypeError (as without permission; a page's `new Notification` fires "error"), a QuotaExceededError for
   * the rest. One warning per burst, not one per call.
   */
  #refuse(call: ShimCall, caller: Caller, refusal: BudgetRefusal): never {
    if (refusal.burstStarts) this.#logOverBudget(caller.origin, call.method, refusal.over);
    const message = `PWA Host refused ${call.method}: ${caller.origin} made too many calls at once. Try again in a moment.`;
    throw new PeriodicSyncError(
      call.method === 'showNotification' ? 'TypeError' : 'QuotaExceededError',
      message,
    );
  }

  /** What a page or worker that just reported `ready` is told (its Notification.permission). */
  stateFor(sender: ShimSender): ShimState {
    let permission: 'granted' | 'denied' = 'denied';
    try {
      permission = this.#host.notifications.permission(callerOf(sender, undefined));
    } catch {
      // A document or worker that cannot be any app's (an opaque origin, no registration): denied.
    }
    return { type: 'state', notificationPermission: permission };
  }

  #perform(sender: ShimSender, caller: Caller, call: ShimCall, facts: EngineFacts): unknown {
    const notifications = this.#host.notifications;
    switch (call.method) {
      case 'notificationPermission':
        return notifications.permission(caller);
      case 'showNotification':
        // A worker shows for its own registration, whatever scope the page-side object claims.
        return notifications.show(
          caller,
          sender.kind,
          call.params.scope === null ? null : caller.scope,
          call.params.title,
          call.params.options,
        );
      case 'getNotifications':
        return notifications.getOpen(caller, caller.scope, call.params.tag);
      case 'closeNotification':
        notifications.close(caller, call.params.id);
        return null;
      case 'setBadge':
        notifications.setBadge(caller, call.params.badge);
        return null;
      case 'permission':
        return this.#host.isPermissionGranted(caller) ? 'granted' : 'denied';
      case 'getTags':
        return this.#host.getTags(caller);
      case 'unregister':
        this.#host.unregister(caller, call.params.tag);
        return null;
      case 'workerUnregistered':
        this.#host.workerUnregistered(caller);
        return null;
      case 'register':
        this.#checkCanRegister(caller, sender.kind === 'worker', facts);
        // The tag length and the origin's quota come next, in the core.
        this.#host.register(caller, call.params.tag, call.params.minInterval);
        return null;
      case 'syncGetTags':
        return this.#host.getSyncTags(caller);
      case 'syncRegister':
        // One-off syncs: Chromium checks in the same order (background_sync_manager.cc, both kinds).
        this.#checkCanRegister(caller, sender.kind === 'worker', facts);
        this.#host.registerSync(caller, call.params.tag);
        return null;
    }
  }

  /**
   * Chromium's order: an active worker, then a window client of the origin, then the permission. A worker
   * calling from its own install or activate handler counts as the registration's worker.
   */
  #checkCanRegister(caller: Caller, fromWorker: boolean, facts: EngineFacts): void {
    if (!fromWorker && !facts.hasActiveWorker(caller.scope)) {
      throw new PeriodicSyncError('InvalidStateError', 'Registration failed - no active Service Worker');
    }
    if (!facts.hasWindowClient(caller.origin)) {
      throw new PeriodicSyncError(
        'InvalidAccessError',
        'Attempted to register a sync event without a window or registration tag too long.',
      );
    }
    if (!this.#host.isPermissionGranted(caller)) {
      throw new PeriodicSyncError('NotAllowedError', 'Permission denied.');
    }
  }
}

/** Whose budget a call spends: a worker's registration, a page (or, unnamed, its frame's origin). */
function budgetKeyOf(sender: ShimSender, origin: string): string {
  if (sender.kind === 'worker') return `worker ${sender.registrationScope}`;
  return `page ${sender.pageKey ?? origin}`;
}

/**
 * A worker is its registration; a page may name any scope of its own frame's origin (a page can hold
 * registrations of several scopes), never one of another origin. A page's call that names none (or no
 * call: its state) is the page's own, placed by its URL.
 */
export function callerOf(sender: ShimSender, call: ShimCall | undefined): Caller {
  if (sender.kind === 'worker') {
    // A worker that has just unregistered its own registration may be without one already: it names it.
    if (call?.method === 'workerUnregistered') return ownOriginScope(sender.origin, call.params.scope);
    if (!sender.registrationScope)
      throw new PeriodicSyncError('InvalidStateError', 'This service worker has no registration.');
    return { origin: sender.origin, scope: sender.registrationScope };
  }
  const origin = sender.frameOrigin;
  if (!origin || origin === 'null') {
    throw new PeriodicSyncError(
      'NotAllowedError',
      'Periodic background sync is not available to this document.',
    );
  }
  const claimed =
    call && 'scope' in call.params && typeof call.params.scope === 'string'
      ? call.params.scope
      : pageUrlOf(sender.frameUrl, origin);
  return ownOriginScope(origin, claimed);
}

/** A scope a page or worker names is accepted only on its own origin. */
function ownOriginScope(origin: string, claimed: string): Caller {
  if (URL.parse(claimed)?.origin !== origin) {
    throw new PeriodicSyncError(
      'NotAllowedError',
      `A document or worker of ${origin} cannot use the registrations of ${claimed}.`,
    );
  }
  return { origin, scope: claimed };
}

/**
 * The URL that places a page's own calls in an app. A document whose URL is not of its origin (about:blank
 * or srcdoc inheriting one) gets the origin's root, which only an app of the whole origin contains.
 */
function pageUrlOf(frameUrl: string | undefined, origin: string): string {
  const url = frameUrl === undefined ? undefined : URL.parse(frameUrl);
  return url?.origin === origin ? `${url.origin}${url.pathname}` : `${origin}/`;
}
