import { PeriodicSyncError } from '../base/errors.ts';
import { longTimeoutSignal } from '../base/long-timer.ts';
import { TypedEmitter } from '../base/typed-emitter.ts';
import { withTimeout } from '../base/wait.ts';
import type { Clock, Timer } from '../clock/clock.ts';
import type {
  Badge,
  Caller,
  Engine,
  NotificationHost,
  NotificationOptions,
  NotificationSnapshot,
} from '../engine/engine-port.ts';
import type { Logger } from '../logging/logger.ts';
import type {
  DisplayAvailability,
  DisplayCloseReason,
  NotificationDisplay,
} from '../os/notifications/notification-display.ts';
import type {
  AppRecord,
  NotificationCloseReason,
  NotificationRecord,
  NotShownReason,
  RunRecord,
} from '../store/records.ts';
import type { Store } from '../store/store.ts';
import { appForCaller } from '../sync/engine-host-adapter.ts';
import type { PeriodicSyncCore } from '../sync/periodic-sync-core.ts';
import { failureAlertText, shouldAlert } from './failure-alert-rule.ts';
import { readPreferences } from './host-config.ts';
import type { FailureAlert, NotificationService } from './host-operations.ts';
import { HOST_NOTIFICATION_NAME, notificationAppName } from './notification-app-name.ts';
import { givenUpAlert } from './store-queries.ts';

/**
 * At most this many notifications wait for the display at once: an app that makes them in a loop gets the
 * rest recorded, not shown, instead of a queue of OS calls that grows without end.
 */
const MAX_WAITING_FOR_DISPLAY = 16;

/**
 * A display found unavailable is asked again after this long, on the next notification: a desktop session
 * (and its notification service) may have started since.
 */
const RECHECK_UNAVAILABLE_MS = 30_000;

/**
 * At most one notification an hour per app for one-off syncs given up: an app can give up any number of
 * fresh tags, and each is told only by the host's own notification, which muting the app does not silence.
 * The others are still listed by `alerts` and logged.
 */
const GIVEN_UP_TOLD_PER_APP_MS = 60 * 60_000;

/**
 * An app's badge is applied (stored, reported, shown) at most once per this interval; badges set meanwhile
 * replace each other and the latest is applied when it ends, so a loop of setAppBadge calls costs a few
 * writes and OS calls a second and still ends on the badge the app set last.
 */
const BADGE_INTERVAL_MS = 100;

/** What the notification center reports (the host forwards them as host events). */
export interface NotificationCenterEvents {
  'notification-shown': NotificationRecord;
  'badge-changed': { appId: string; badge: Badge };
  'failure-alert': FailureAlert;
}

export interface NotificationCenterOptions {
  store: Store;
  core: PeriodicSyncCore;
  engine: Engine;
  /** Where notifications and badges are shown; none: they are only recorded. */
  display: NotificationDisplay | undefined;
  clock: Clock;
  logger: Logger;
  /** Opens or focuses the app's window (a shell with windows); called when a notification is clicked. */
  openApp?: ((app: AppRecord) => void) | undefined;
  /** The app's saved icon for notifications (its launcher icon). */
  iconOf: (app: AppRecord) => string | undefined;
}

/**
 * Notifications and badges of installed apps: answers the shim's calls (through the engine), shows what an
 * app may show, records every notification, sends clicks and dismissals back to the app's worker, and
 * tells the person once when a task keeps failing.
 */
export class NotificationCenter implements NotificationHost {
  readonly events: TypedEmitter<NotificationCenterEvents>;
  readonly #options: NotificationCenterOptions;
  /** OS display id ↔ notification id, for the notifications this host run put on screen. */
  readonly #displayIdOf = new Map<number, string>();
  readonly #notificationOf = new Map<string, number>();
  /** The run under way in each worker registration (scope → run id), to attribute what it shows. */
  readonly #runningIn = new Map<string, number>();
  readonly #stops: (() => void)[] = [];
  /** When each app's last one-off give-up was shown to the person (see GIVEN_UP_TOLD_PER_APP_MS). */
  readonly #givenUpShownAt = new Map<string, number>();
  /**
   * Notifications go to the display one after another: one that replaces another by tag needs the display
   * id of the one before it, and the person sees them in the order the app made them.
   */
  #displayed: Promise<void> = Promise.resolve();
  /** Notifications handed to the display and not yet on screen. */
  #waitingForDisplay = 0;
  /**
   * The display call under way, settled once its display id is known here. A click or dismissal comes
   * through another channel than the call's answer (freedesktop: `gdbus monitor` vs `gdbus call`), so it
   * can arrive first: it waits for this before deciding the notification is not one of ours.
   */
  #showing: Promise<void> = Promise.resolve();
  /** What the display last said about showing anything; undefined until it has answered. */
  #availability: DisplayAvailability | undefined;
  #checkedAt = 0;
  /** Notifications replaced by one that is on its way to the display (it takes their place on screen). */
  readonly #replacementComing = new Set<number>();
  #checking: Promise<DisplayAvailability> | undefined;
  /** Whether the current flood of notifications (the display queue full) has been logged. */
  #floodLogged = false;
  /** Apps whose badge was applied within BADGE_INTERVAL_MS, with the badge set since (applied next). */
  readonly #badgeSettling = new Map<string, { next: { badge: Badge } | undefined; timer: Timer }>();

  constructor(options: NotificationCenterOptions) {
    this.#options = options;
    const { logger, store, core, display, clock } = options;
    this.events = new TypedEmitter((error, event) =>
      logger.error({ err: error, event }, 'a notification event listener failed'),
    );
    // The server's ids of an earlier host run mean nothing to this one.
    store.transaction(() => store.notifications.closeAllOpen('host-stopped', clock.now()));
    this.#stops.push(
      core.events.on('run-started', (run) => this.#runningIn.set(run.scope, run.id)),
      core.events.on('run-finished', (run) => {
        if (this.#runningIn.get(run.scope) === run.id) this.#runningIn.delete(run.scope);
        this.#checkFailures(run);
      }),
    );
    if (display) {
      void this.#check();
      this.#stops.push(
        display.onClick((displayId, action) => void this.#clicked(displayId, action)),
        display.onClose((displayId, reason) => void this.#closedByOs(displayId, reason)),
      );
    }
  }

  // ── The page-facing half (NotificationHost) ──────────────────────────────────────────────────────

  permission(caller: Caller): 'granted' | 'denied' {
    const app = this.#appOf(caller);
    return app && !app.notificationsMuted ? 'granted' : 'denied';
  }

  show(
    caller: Caller,
    from: 'worker' | 'page',
    scope: string | null,
    title: string,
    options: NotificationOptions,
  ): { id: number; shown: boolean } {
    const { store, clock } = this.#options;
    const app = this.#appOf(caller);
    if (!app)
      throw new PeriodicSyncError(
        'TypeError',
        'No notification permission has been granted for this origin.',
      );
    const notShownReason = this.#notShownReason(app);
    if (notShownReason === 'flooded' && !this.#floodLogged) {
      this.#floodLogged = true;
      this.#options.logger.warn(
        { appId: app.id },
        `${app.name} made too many notifications at once: the rest are recorded, not shown.`,
      );
    }
    const shown = notShownReason === null;
    const replaced = options.tag === '' ? [] : this.#openWithTag(app.id, scope, options.tag);
    const record = store.transaction(() => {
      for (const earlier of replaced) store.notifications.close(earlier.id, 'replaced', clock.now());
      return store.notifications.record({
        appId: app.id,
        runId: scope === null ? null : (this.#runningIn.get(scope) ?? null),
        scope,
        source: from,
        title,
        options,
        shown,
        notShownReason,
        createdAt: clock.now(),
      });
    });
    this.events.emit('notification-shown', record);
    // A replacement that is not shown (muted, flooded) still takes the earlier ones off the screen.
    if (!shown) for (const earlier of replaced) this.#takeOffScreen(earlier.id);
    if (shown) {
      for (const earlier of replaced) this.#replacementComing.add(earlier.id);
      this.#enqueue(() => this.#display(app, record, replaced));
    }
    return { id: record.id, shown };
  }

  getOpen(caller: Caller, scope: string, tag: string): NotificationSnapshot[] {
    const app = this.#appOf(caller);
    if (!app) return [];
    return this.#options.store.notifications
      .listOpen(app.id)
      .filter((record) => record.scope === scope && (tag === '' || record.options.tag === tag))
      .map(snapshotOf);
  }

  close(caller: Caller, id: number): void {
    const app = this.#appOf(caller);
    const record = this.#options.store.notifications.get(id);
    if (!app || record?.appId !== app.id) return;
    this.#end(record, 'closed');
  }

  setBadge(caller: Caller, badge: Badge): void {
    const app = this.#appOf(caller);
    if (!app) throw new PeriodicSyncError('NotAllowedError', 'Only installed apps can set a badge.');
    const settling = this.#badgeSettling.get(app.id);
    if (settling) settling.next = { badge };
    else this.#applyBadge(app, badge);
  }

  // ── Host-facing ──────────────────────────────────────────────────────────────────────────────────

  /** Whether notifications reach the person's screen now, and if not, why (for `status`). */
  service(): NotificationService {
    const { display } = this.#options;
    if (!display)
      return { display: null, available: false, reason: 'this host has no notification display here' };
    const availability = this.#availability;
    return {
      display: display.name,
      available: availability?.available ?? null,
      reason: availability?.available === false ? availability.reason : null,
    };
  }

  /**
   * Waits (at most `timeoutMs`) until what was handed to the display is on screen: a host that fires due
   * events and exits (an OS wake-up) must not quit before its notifications are shown.
   */
  async settle(timeoutMs = 5000): Promise<void> {
    await withTimeout(this.#displayed, timeoutMs, () => undefined);
  }

  dispose(): void {
    for (const stop of this.#stops.splice(0)) stop();
    for (const { timer } of this.#badgeSettling.values()) timer.cancel();
    this.#badgeSettling.clear();
  }

  // ── Inside ───────────────────────────────────────────────────────────────────────────────────────

  #appOf(caller: Caller): AppRecord | undefined {
    return appForCaller(this.#options.store, caller);
  }

  #notShownReason(app: AppRecord): NotShownReason | null {
    if (app.notificationsMuted) return 'muted';
    if (!this.#options.display) return 'no-service';
    if (this.#availability?.available === false) {
      if (this.#options.clock.now() - this.#checkedAt < RECHECK_UNAVAILABLE_MS) return 'no-service';
      void this.#check();
    }
    return this.#waitingForDisplay >= MAX_WAITING_FOR_DISPLAY ? 'flooded' : null;
  }

  /** Asks the display whether it can show anything; says so in the log when the answer changes. */
  #check(): Promise<DisplayAvailability> {
    const { display, clock } = this.#options;
    if (!display) return Promise.resolve({ available: false, reason: 'no display' });
    this.#checking ??= display
      .probe()
      .then((availability) => {
        this.#learn(availability);
        this.#checkedAt = clock.now();
        return availability;
      })
      .finally(() => {
        this.#checking = undefined;
      });
    return this.#checking;
  }

  #learn(availability: DisplayAvailability): void {
    const before = this.#availability;
    this.#availability = availability;
    // Info, not a warning: a one-command host on a server would repeat it every time; `status` and
    // `serve` say it where a person looks.
    if (!availability.available && before?.available !== false)
      this.#options.logger.info(
        { reason: availability.reason },
        `Notifications cannot be shown: ${availability.reason}. They are recorded (pwa-host notifications).`,
      );
    else if (availability.available && before?.available === false)
      this.#options.logger.info({}, 'Notifications can be shown again.');
  }

  #applyBadge(app: AppRecord, badge: Badge): void {
    const { store, display, logger, clock } = this.#options;
    store.transaction(() => store.apps.setBadge(app.id, badge));
    this.events.emit('badge-changed', { appId: app.id, badge });
    const total = store.apps
      .list()
      .reduce((sum, each) => sum + (typeof each.badge === 'number' ? each.badge : 0), 0);
    display
      ?.setBadge({ ...app, badge }, badge, total)
      .catch((error: unknown) => logger.warn({ err: error, appId: app.id }, 'the badge could not be shown'));
    const settling: { next: { badge: Badge } | undefined; timer: Timer } = {
      next: undefined,
      timer: clock.setTimer(clock.now() + BADGE_INTERVAL_MS, () => {
        this.#badgeSettling.delete(app.id);
        const current = store.apps.get(app.id);
        if (settling.next && current) this.#applyBadge(current, settling.next.badge);
      }),
    };
    this.#badgeSettling.set(app.id, settling);
  }

  /** One after another, never rejecting (each step logs its own failure). */
  #enqueue(work: () => Promise<void>): void {
    this.#waitingForDisplay += 1;
    this.#displayed = this.#displayed.then(work).finally(() => {
      this.#waitingForDisplay -= 1;
      if (this.#waitingForDisplay < MAX_WAITING_FOR_DISPLAY) this.#floodLogged = false;
    });
  }

  #openWithTag(appId: string, scope: string | null, tag: string): NotificationRecord[] {
    return this.#options.store.notifications
      .listOpen(appId)
      .filter((record) => record.scope === scope && record.options.tag === tag);
  }

  #display(app: AppRecord, record: NotificationRecord, replaced: NotificationRecord[]): Promise<void> {
    this.#showing = this.#showOnDisplay(app, record, replaced);
    return this.#showing;
  }

  async #showOnDisplay(
    app: AppRecord,
    record: NotificationRecord,
    replaced: NotificationRecord[],
  ): Promise<void> {
    const { display, logger, iconOf } = this.#options;
    if (!display) return;
    // A tag replaces the earlier notification in place where the server can (its replaces_id).
    const replaces = replaced.map((earlier) => this.#displayIdOf.get(earlier.id)).find((id) => id);
    for (const earlier of replaced) this.#replacementComing.delete(earlier.id);
    try {
      const displayId = await display.show({
        appName: notificationAppName(app),
        appId: app.id,
        iconPath: iconOf(app),
        title: record.title,
        body: record.options.body,
        replaces,
        silent: record.options.silent,
        requireInteraction: record.options.requireInteraction,
        actions: record.options.actions.map((action, index) => ({ key: `a${index}`, title: action.title })),
      });
      if (this.#availability?.available !== true) this.#learn({ available: true });
      for (const earlier of replaced) this.#forget(earlier.id);
      this.#displayIdOf.set(record.id, displayId);
      this.#notificationOf.set(displayId, record.id);
      // The app may have closed it while the server answered; one replaced meanwhile stays for its
      // replacement, which takes its place on screen.
      const now = this.#options.store.notifications.get(record.id);
      if (
        now?.closedAt != null &&
        !(now.closeReason === 'replaced' && this.#replacementComing.has(record.id))
      )
        await display.close(displayId).catch(() => {});
    } catch (error) {
      const availability = await this.#check();
      const reason = availability.available ? 'failed' : 'no-service';
      if (reason === 'failed')
        logger.warn({ err: error, appId: app.id }, `A notification of ${app.name} could not be shown.`);
      this.#options.store.transaction(() =>
        this.#options.store.notifications.markNotShown(record.id, reason, this.#options.clock.now()),
      );
    }
  }

  #forget(notificationId: number): string | undefined {
    const displayId = this.#displayIdOf.get(notificationId);
    this.#displayIdOf.delete(notificationId);
    if (displayId !== undefined) this.#notificationOf.delete(displayId);
    return displayId;
  }

  /** The app or the host closed it: off the screen, and no event (as in browsers). */
  #end(record: NotificationRecord, reason: NotificationCloseReason): void {
    const { store, clock } = this.#options;
    store.transaction(() => store.notifications.close(record.id, reason, clock.now()));
    this.#takeOffScreen(record.id);
  }

  #takeOffScreen(notificationId: number): void {
    const { display, logger } = this.#options;
    const displayId = this.#forget(notificationId);
    if (displayId !== undefined)
      display
        ?.close(displayId)
        .catch((error: unknown) => logger.warn({ err: error }, 'closing a notification failed'));
  }

  async #clicked(displayId: string, actionKey: string): Promise<void> {
    await this.#displayIdKnown(displayId);
    const record = this.#takeOpen(displayId, 'clicked');
    if (!record) return;
    const app = this.#options.store.apps.get(record.appId);
    if (app) this.#options.openApp?.(app);
    const index = /^a(\d)$/.exec(actionKey)?.[1];
    const action = index === undefined ? '' : (record.options.actions[Number(index)]?.action ?? '');
    await this.#deliver(record, 'notificationclick', action);
  }

  async #closedByOs(displayId: string, reason: DisplayCloseReason): Promise<void> {
    await this.#displayIdKnown(displayId);
    const record = this.#takeOpen(displayId, reason);
    // Only the person's dismissal is an event for the app (a server's expiry is not, as in Chromium).
    if (record && reason === 'dismissed') await this.#deliver(record, 'notificationclose', '');
  }

  /** An id not known yet may be the one the display call under way is about to return. */
  async #displayIdKnown(displayId: string): Promise<void> {
    if (!this.#notificationOf.has(displayId)) await this.#showing;
  }

  /** Ends the open notification shown as `displayId`; undefined when it already ended (a click, then a close). */
  #takeOpen(displayId: string, reason: NotificationCloseReason): NotificationRecord | undefined {
    const { store, clock } = this.#options;
    const id = this.#notificationOf.get(displayId);
    if (id === undefined) return undefined;
    this.#forget(id);
    const ended = store.transaction(() => store.notifications.close(id, reason, clock.now()));
    return ended ? store.notifications.get(id) : undefined;
  }

  async #deliver(
    record: NotificationRecord,
    kind: 'notificationclick' | 'notificationclose',
    action: string,
  ): Promise<void> {
    const { engine, core, logger } = this.#options;
    const timeLimitMs = core.settings.eventTimeLimitMs;
    const outcome = await engine.dispatchNotificationEvent({
      kind,
      scope: record.scope,
      notification: snapshotOf(record),
      action,
      timeLimitMs,
      signal: longTimeoutSignal(timeLimitMs),
    });
    logger.info(
      {
        appId: record.appId,
        notification: record.id,
        kind,
        action,
        outcome: outcome.status,
        error: outcome.error,
      },
      `${kind}: ${outcome.status}`,
    );
  }

  #checkFailures(run: RunRecord): void {
    if (run.outcome === null || run.outcome === 'interrupted') return;
    if (run.kind === 'one-off') this.#checkGivenUp(run);
    else this.#checkStreak(run);
  }

  /** A periodic task: told once when it has failed `failure-alert-after` runs in a row. */
  #checkStreak(run: RunRecord): void {
    const { store, clock } = this.#options;
    if (run.registrationId === null || run.outcome === null) return;
    const registrationId = run.registrationId;
    const threshold = readPreferences(store).failureAlertAfter;
    const alerted = store.failureAlerts.isAlerted(registrationId);
    const recent = threshold === 0 ? [] : store.failureAlerts.recentOutcomes(registrationId, threshold);
    const decision = shouldAlert({ outcome: run.outcome, alerted, threshold, recent });
    if (decision === 'unchanged') return;
    store.transaction(() =>
      store.failureAlerts.setAlerted(registrationId, decision === 'alert' ? clock.now() : null),
    );
    if (decision === 'clear') return;
    const app = store.apps.get(run.appId);
    this.#tell({
      kind: 'periodic',
      appId: run.appId,
      appName: app?.name ?? run.appId,
      tag: run.tag,
      failures: threshold,
      lastError: run.error,
      alertedAt: clock.now(),
    });
  }

  /**
   * A one-off sync: told once when the host gives it up (its last attempt failed and removed it), and not
   * again for a give-up of the same scope and tag until one of its runs has succeeded in between (the store
   * derives both from the runs). `failure-alert-after` off silences this too; `alerts` still lists it.
   */
  #checkGivenUp(run: RunRecord): void {
    const { store, clock } = this.#options;
    // The run's `gave_up` mark is the truth, not `lastChance`: the attempts setting may have been lowered
    // while it ran.
    if (run.outcome === 'success') return;
    const givenUp = store.failureAlerts.givenUpOf(run.scope, run.tag);
    const firstGiveUp = givenUp?.latestRunId === run.id && givenUp.firstRunId === run.id;
    if (!givenUp || !firstGiveUp || readPreferences(store).failureAlertAfter === 0) return;
    const shownAt = this.#givenUpShownAt.get(givenUp.appId);
    const show = shownAt === undefined || clock.now() - shownAt >= GIVEN_UP_TOLD_PER_APP_MS;
    if (show) this.#givenUpShownAt.set(givenUp.appId, clock.now());
    this.#tell(givenUpAlert(givenUp, store.apps.get(givenUp.appId)?.name ?? givenUp.appId), show);
  }

  /** Reports it and logs it, and tells the person with the host's own notification unless `show` is false. */
  #tell(alert: FailureAlert, show = true): void {
    const { display, logger } = this.#options;
    this.events.emit('failure-alert', alert);
    const text = failureAlertText(alert);
    logger.warn({ appId: alert.appId, tag: alert.tag, error: alert.lastError, shown: show }, text.title);
    if (!display || !show) return;
    this.#enqueue(() =>
      display
        .show({
          appName: HOST_NOTIFICATION_NAME,
          appId: null,
          iconPath: undefined,
          title: text.title,
          body: text.body,
          replaces: undefined,
          silent: false,
          requireInteraction: false,
          actions: [],
        })
        .then(
          () => undefined,
          (error: unknown) => logger.warn({ err: error }, 'the failure alert could not be shown'),
        ),
    );
  }
}

function snapshotOf(record: NotificationRecord): NotificationSnapshot {
  return { id: record.id, title: record.title, options: record.options };
}
