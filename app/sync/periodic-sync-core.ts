import { HostError, PeriodicSyncError } from '../base/errors.ts';
import { TypedEmitter } from '../base/typed-emitter.ts';
import { withTimeout } from '../base/wait.ts';
import type { Clock, Timer } from '../clock/clock.ts';
import type { ConnectivitySource } from '../connectivity/connectivity.ts';
import type { DispatchOutcome, Engine } from '../engine/engine-port.ts';
import { describeEngineState, WorkerNotFoundError } from '../engine/engine-port.ts';
import type { Logger } from '../logging/logger.ts';
import type { AppRecord, RegistrationRecord, RunOutcome, RunRecord, RunTrigger } from '../store/records.ts';
import type { Store } from '../store/store.ts';
import { isStoreFailure } from '../store/store-errors.ts';
import {
  checkTag,
  effectiveIntervalMs,
  latestDueAt,
  rescheduleAfterEvent,
  triggerFor,
} from './registration-rules.ts';
import type { SyncSettings } from './settings.ts';
import { StoreHealth, type StoreProblem } from './store-health.ts';
import type { SyncEvents } from './sync-events.ts';
import { enforceRangeUnsignedLongLong } from './web-idl.ts';

/** A wall-clock move this much larger or smaller than steady time is treated as a jump. */
const CLOCK_JUMP_TOLERANCE_MS = 2000;

/** How long past an event's time limit the core waits for the engine to report what it already received. */
const ENGINE_ANSWER_GRACE_MS = 5000;

export interface PeriodicSyncCoreOptions {
  store: Store;
  clock: Clock;
  engine: Engine;
  connectivity: ConnectivitySource;
  settings: SyncSettings;
  logger: Logger;
}

interface InFlightEvent {
  registrationId: number;
  manual: boolean;
  controller: AbortController;
  done: Promise<RunRecord>;
}

/** An event that ended while its outcome could not be written: kept here until the store takes it. */
interface UnrecordedFinish {
  fired: RegistrationRecord;
  trigger: RunTrigger;
  runId: number;
  result: { outcome: RunOutcome; error: string | null };
  endedAt: number;
}

function keyOf(scope: string, tag: string): string {
  return `${scope}\n${tag}`;
}

/**
 * The host side of Periodic Background Sync: registration rules, the schedule, firing through the engine,
 * retries, time limits and the run history. It keeps one timer, set for the earliest due registration.
 */
export class PeriodicSyncCore {
  readonly #store: Store;
  readonly #clock: Clock;
  readonly #engine: Engine;
  readonly #connectivity: ConnectivitySource;
  readonly #logger: Logger;
  #settings: SyncSettings;
  readonly #inFlight = new Map<string, InFlightEvent>();
  /** Rows created for a scope+tag whose previous registration is still firing: they wait for it to end. */
  readonly #waitingForPrevious = new Set<number>();
  #timer: Timer | undefined;
  #plannedWakeAt: number | undefined;
  #armedAt: { wall: number; steady: number } | undefined;
  #unsubscribeConnectivity: (() => void) | undefined;
  #unsubscribeEngine: (() => void) | undefined;
  #running = false;
  readonly #storeHealth: StoreHealth;
  readonly #unrecorded: UnrecordedFinish[] = [];
  /** Runs started and finished, registrations changed: what observers (the host's event stream) follow. */
  readonly events: TypedEmitter<SyncEvents>;

  constructor(options: PeriodicSyncCoreOptions) {
    this.#store = options.store;
    this.#clock = options.clock;
    this.#engine = options.engine;
    this.#connectivity = options.connectivity;
    this.#settings = options.settings;
    this.#logger = options.logger;
    this.events = new TypedEmitter((error, event) =>
      this.#logger.error({ err: error, event }, 'a periodic sync event listener failed'),
    );
    this.#storeHealth = new StoreHealth(this.#clock, this.#logger, () => this.#retryStoreWrites());
  }

  /** Why the store cannot be written now (nothing fires meanwhile), or undefined when it can. */
  get storeProblem(): StoreProblem | undefined {
    return this.#storeHealth.problem;
  }

  get settings(): Readonly<SyncSettings> {
    return this.#settings;
  }

  /** Records runs a previous host left open as interrupted and makes their registrations due again. */
  recoverInterruptedRuns(): RunRecord[] {
    const now = this.#clock.now();
    return this.#store.transaction(() => {
      const open = this.#store.runs.unfinished();
      this.#store.runs.interruptUnfinished('The host stopped before the event finished.', now);
      for (const registration of this.#store.registrations.listFiring()) {
        this.#store.registrations.setFiring(registration.id, false);
        this.#store.registrations.setNextDue(registration.id, Math.min(registration.nextDueAt, now));
      }
      if (open.length > 0)
        this.#logger.warn({ runs: open.length }, 'recorded runs of a stopped host as interrupted');
      return open;
    });
  }

  start(): void {
    if (this.#running) return;
    this.#running = true;
    this.#unsubscribeConnectivity = this.#connectivity.subscribe((online) => {
      this.#logger.info({ online }, online ? 'connectivity: online' : 'connectivity: offline');
      this.plan();
    });
    // Like connectivity: nothing fires while the browser is away, and what is due fires once it is back.
    this.#unsubscribeEngine = this.#engine.onStateChange?.((state) => {
      this.#logger.info({ browser: state.status }, `browser: ${describeEngineState(state)}`);
      this.plan();
    });
    this.plan();
  }

  /**
   * Stops firing. Events still running get `graceMs` to finish; the rest are aborted and recorded as
   * interrupted.
   */
  async stop(graceMs = 0): Promise<void> {
    // Before the check: a host that never started its schedule (run-due, one command) may have a retry.
    this.#storeHealth.close();
    if (!this.#running) return;
    this.#running = false;
    this.#cancelTimer();
    this.#unsubscribeConnectivity?.();
    this.#unsubscribeEngine?.();
    const pending = [...this.#inFlight.values()];
    if (pending.length === 0) return;
    await withTimeout(Promise.all(pending.map((event) => event.done)), graceMs, () => undefined);
    for (const event of this.#inFlight.values())
      event.controller.abort(new HostError('shutdown', 'The host stopped.'));
    await Promise.all(pending.map((event) => event.done));
  }

  updateSettings(settings: SyncSettings): void {
    this.#settings = settings;
    this.plan();
  }

  // ── The page-facing API (called through the engine with the caller it identified) ──────────────────

  /** `PeriodicSyncManager.register()` for a worker registration `scope` belonging to `appId`. */
  register(appId: string, scope: string, tag: string, minInterval: unknown): RegistrationRecord {
    const minIntervalMs = enforceRangeUnsignedLongLong(minInterval, 'minInterval');
    checkTag(tag);
    const app = this.#requireInstalled(appId);
    checkScopeBelongsToApp(scope, app);
    const now = this.#clock.now();
    let unchanged = false; // a page registers on every load: only a real change is reported
    const registration = this.#store.transaction(() => {
      const existing = this.#store.registrations.get(scope, tag);
      const firing = this.#inFlight.has(keyOf(scope, tag));
      if (!existing) {
        const count = this.#store.registrations.countForOrigin(app.origin, this.#settings.maxTagsPerOrigin);
        if (count >= this.#settings.maxTagsPerOrigin) {
          throw new PeriodicSyncError(
            'QuotaExceededError',
            `${app.origin} already has ${count} periodic sync registrations, the most one origin may have. ` +
              'Unregister tags it no longer needs before registering new ones.',
          );
        }
        const interval = effectiveIntervalMs(minIntervalMs, app, this.#settings);
        const created = this.#store.registrations.insert({
          appId: app.id,
          origin: app.origin,
          scope,
          tag,
          minIntervalMs,
          createdAt: now,
          nextDueAt: now + interval,
        });
        if (!firing) return created;
        // SQLite may hand the new row the old one's id: the flag, not the id, says it is a fresh registration.
        this.#waitingForPrevious.add(created.id);
        this.#store.registrations.updateInterval(created.id, minIntervalMs, created.nextDueAt, true);
        return { ...created, reregisteredWhileFiring: true };
      }
      if (existing.minIntervalMs === minIntervalMs && !firing) {
        unchanged = true;
        return existing;
      }
      const base = existing.lastCompletedAt ?? existing.createdAt;
      const nextDueAt = firing
        ? existing.nextDueAt
        : base + effectiveIntervalMs(minIntervalMs, app, this.#settings);
      this.#store.registrations.updateInterval(existing.id, minIntervalMs, nextDueAt, firing);
      return this.#store.registrations.getById(existing.id) as RegistrationRecord;
    });
    if (!unchanged) this.events.emit('registrations-changed', { scope });
    if (this.#plannedWakeAt === undefined || !this.#timer || registration.nextDueAt < this.#plannedWakeAt)
      this.plan();
    return registration;
  }

  /** `PeriodicSyncManager.unregister()`: removing a tag that is not registered is not an error. */
  unregister(scope: string, tag: string): boolean {
    // No re-plan: a timer set for a removed registration finds nothing due and plans again.
    const removed = this.#store.registrations.delete(scope, tag);
    if (removed) this.events.emit('registrations-changed', { scope });
    return removed;
  }

  /** `PeriodicSyncManager.getTags()`, in registration order. */
  getTags(scope: string): string[] {
    return this.#store.registrations.tagsOf(scope);
  }

  /** The browser deleted a worker registration: its periodic registrations go too, as in the spec. */
  workerRegistrationGone(scope: string): number {
    let removed: number;
    try {
      removed = this.#store.transaction(() => this.#store.registrations.deleteScope(scope));
    } catch (error) {
      if (!isStoreFailure(error)) throw error;
      // The worker is gone: its registrations fail with WorkerNotFoundError and are removed next time.
      this.#storeHealth.failed(error);
      return 0;
    }
    if (removed > 0) {
      this.#logger.info(
        { scope, removed },
        'worker registration gone; removed its periodic sync registrations',
      );
      this.events.emit('registrations-changed', { scope });
      this.plan();
    }
    return removed;
  }

  // ── Host-facing operations ────────────────────────────────────────────────────────────────────────

  /** Fires one registration now, whatever its schedule (still only when online); resolves with the run. */
  async runNow(scope: string, tag: string): Promise<RunRecord> {
    this.#manualRunOf(scope, tag, true); // refusals that need no browser come before starting one
    // A browser stopped for being idle starts for a manual run and stays until its event ends.
    await this.#engine.ensureRunning?.();
    try {
      return await this.#fire(this.#manualRunOf(scope, tag, false), 'manual');
    } finally {
      this.#engine.release?.();
    }
  }

  /** The registration a manual run fires, or the HostError saying why it cannot fire now. */
  #manualRunOf(scope: string, tag: string, beforeStart: boolean): RegistrationRecord {
    const registration = this.#store.registrations.get(scope, tag);
    if (!registration) {
      throw new HostError(
        'registration-not-found',
        `No periodic sync registration with the tag "${tag}" for ${scope}.`,
      );
    }
    if (!this.#connectivity.isOnline()) {
      throw new HostError(
        'offline',
        'The machine is offline; periodic sync events fire only with connectivity.',
      );
    }
    const engineState = this.#engine.state?.();
    const startable =
      beforeStart && (engineState?.status === 'stopped' || engineState?.status === 'starting');
    if (engineState && engineState.status !== 'running' && !startable) {
      throw new HostError(
        'browser-unavailable',
        `The browser is not running: ${describeEngineState(engineState)}. Try again once \`pwa-host status\` shows it running.`,
      );
    }
    const current = this.#inFlight.get(keyOf(scope, tag));
    if (current) {
      throw new HostError(
        'already-running',
        `The "${tag}" event for ${scope} is already running; wait for it to end.`,
      );
    }
    return registration;
  }

  /**
   * Fires everything due now and waits until it and anything that became due meanwhile has run (for a
   * host woken by the OS only to do that, then exit). Needs no timer: the core need not be started.
   */
  async runDue(): Promise<RunRecord[]> {
    const runs: RunRecord[] = [];
    let storeFailed = false;
    for (;;) {
      if (!this.#canFire()) break;
      const due = storeFailed
        ? []
        : this.#store.registrations.due(
            this.#clock.now(),
            [...this.#waitingForPrevious],
            Math.max(this.#freeSlots(), 0),
          );
      for (const registration of due) {
        const started = this.#fireUnlessStoreFails(
          registration,
          this.#triggerFor(registration, this.#clock.now()),
        );
        if (!started) {
          storeFailed = true; // what is left stays due for the next wake-up
          break;
        }
        void started.then((run) => runs.push(run));
      }
      if (this.#inFlight.size === 0) break;
      await Promise.race([...this.#inFlight.values()].map((event) => event.done));
      await new Promise((resolve) => setImmediate(resolve));
    }
    return runs;
  }

  /** When the earliest registration that may fire is due, if any (for an OS wake-up after the host quits). */
  nextDueAt(): number | undefined {
    return this.#store.registrations.nextCandidate([])?.nextDueAt;
  }

  /** Re-plans after the machine resumed from sleep or the wall clock was changed. */
  notifyResumed(): void {
    this.#logger.info({}, 'resumed: re-planning');
    this.#pullInUnlessStoreFails();
    this.plan();
  }

  /** How many events are running now. */
  get eventsInFlight(): number {
    return this.#inFlight.size;
  }

  /** The next time the core will wake to fire something, if any. */
  get nextWakeAt(): number | undefined {
    return this.#timer ? this.#plannedWakeAt : undefined;
  }

  /**
   * Sets the single timer for the earliest registration that may fire. Due registrations fire from the
   * timer, never synchronously here, so even a zero interval (developer mode) yields to the event loop.
   * Called whenever something that affects the schedule changes.
   */
  plan(): void {
    if (!this.#running) return;
    if (this.#storeHealth.problem) return; // the store's retry plans again once it can be written
    const online = this.#connectivity.isOnline();
    const candidate = online
      ? this.#store.registrations.nextCandidate([...this.#waitingForPrevious])
      : undefined;
    // The browser on demand: an engine that can stop its browser while idle starts it for `candidate`.
    this.#engine.setDemand?.({
      nextDueAt: candidate?.nextDueAt,
      eventsInFlight: this.#inFlight.size,
      idleMs: this.#settings.browserIdleMs,
    });
    // Else connectivity, the engine or a finishing event plans again.
    const next = this.#canFire() && this.#freeSlots() > 0 ? candidate : undefined;
    const wakeAt = next && Math.max(next.nextDueAt, this.#clock.now());
    if (this.#timer && wakeAt === this.#plannedWakeAt) return; // already set for that time
    this.#cancelTimer();
    if (wakeAt !== undefined) this.#arm(wakeAt);
  }

  /** Online, and the browser (if the engine reports one) is running. */
  #canFire(): boolean {
    return this.#connectivity.isOnline() && (this.#engine.state?.().status ?? 'running') === 'running';
  }

  #freeSlots(): number {
    const scheduled = [...this.#inFlight.values()].filter((event) => !event.manual).length;
    return this.#settings.maxConcurrentEvents - scheduled;
  }

  /** Fires every due registration that a free slot allows, oldest due first. */
  #fireDue(): void {
    if (!this.#running || !this.#canFire()) return;
    const now = this.#clock.now();
    const due = this.#store.registrations.due(
      now,
      [...this.#waitingForPrevious],
      Math.max(this.#freeSlots(), 0),
    );
    for (const registration of due) {
      if (!this.#fireUnlessStoreFails(registration, this.#triggerFor(registration, now))) return;
    }
  }

  /**
   * Fires one registration, or, when its run cannot be written, does not fire it at all: an event with no
   * run row would leave no trace if the host then died, and with no 'firing' mark it would fire again on
   * every tick. It stays due, and fires (as catch-up if a period was missed) once the store takes writes.
   */
  #fireUnlessStoreFails(
    registration: RegistrationRecord,
    trigger: RunTrigger,
  ): Promise<RunRecord> | undefined {
    try {
      return this.#fire(registration, trigger);
    } catch (error) {
      if (!isStoreFailure(error)) throw error;
      return undefined;
    }
  }

  /** The store's retry: writes the outcomes it holds, checks the store takes writes, then plans again. */
  #retryStoreWrites(): void {
    try {
      while (this.#unrecorded.length > 0) {
        this.#record(this.#unrecorded[0] as UnrecordedFinish);
        this.#unrecorded.shift();
      }
      this.#store.checkWritable();
    } catch (error) {
      if (!isStoreFailure(error)) throw error;
      this.#storeHealth.failed(error);
      return;
    }
    this.#storeHealth.succeeded();
    this.plan();
  }

  /** A write went through: the store is fine again once the outcomes it missed are written too. */
  #storeWritten(): void {
    if (this.#unrecorded.length > 0) this.#retryStoreWrites();
    else this.#storeHealth.succeeded();
  }

  #pullInUnlessStoreFails(): void {
    try {
      this.pullInFarFutureDueTimes();
    } catch (error) {
      if (!isStoreFailure(error)) throw error;
      this.#storeHealth.failed(error);
    }
  }

  #triggerFor(registration: RegistrationRecord, now: number): RunTrigger {
    if (registration.attempt > 0) return 'retry'; // no app lookup for a retry
    const app = this.#store.apps.get(registration.appId);
    const interval = app ? effectiveIntervalMs(registration.minIntervalMs, app, this.#settings) : 0;
    return triggerFor(registration, now, interval, this.#settings);
  }

  #arm(at: number): void {
    this.#plannedWakeAt = at;
    this.#armedAt = { wall: this.#clock.now(), steady: this.#clock.monotonic() };
    this.#timer = this.#clock.setTimer(at, () => {
      this.#timer = undefined;
      this.#noticeClockJump();
      this.#fireDue();
      this.plan();
    });
  }

  #cancelTimer(): void {
    this.#timer?.cancel();
    this.#timer = undefined;
  }

  #noticeClockJump(): void {
    if (!this.#armedAt) return;
    const wallElapsed = this.#clock.now() - this.#armedAt.wall;
    const steadyElapsed = this.#clock.monotonic() - this.#armedAt.steady;
    const jump = wallElapsed - steadyElapsed;
    if (Math.abs(jump) > CLOCK_JUMP_TOLERANCE_MS) {
      this.#logger.warn(
        { jumpMs: Math.round(jump) },
        'wall clock jumped (or the machine slept): re-planning',
      );
      this.#pullInUnlessStoreFails();
    }
  }

  /**
   * After the wall clock moves back, due times computed from the later time could lie far in the future.
   * No registration should wait more than one interval (or one retry delay) from now. Runs on start (the
   * clock may have been corrected while no host ran), on resume and when a clock jump is noticed.
   */
  pullInFarFutureDueTimes(): void {
    const now = this.#clock.now();
    this.#store.transaction(() => {
      const candidates = this.#store.registrations.listDueBeyondMinInterval(now);
      if (candidates.length === 0) return;
      // One read of the apps, not one per registration: a resume can meet thousands of registrations.
      const apps = new Map(this.#store.apps.list().map((app) => [app.id, app]));
      for (const registration of candidates) {
        const app = apps.get(registration.appId);
        if (!app) continue;
        const interval = effectiveIntervalMs(registration.minIntervalMs, app, this.#settings);
        const latest = latestDueAt(registration, now, interval, this.#settings);
        if (registration.nextDueAt > latest) this.#store.registrations.setNextDue(registration.id, latest);
      }
    });
  }

  #requireInstalled(appId: string): AppRecord {
    const app = this.#store.apps.get(appId);
    if (!app) {
      throw new PeriodicSyncError(
        'NotAllowedError',
        'Periodic background sync is available only to installed apps; install this app in PWA Host first.',
      );
    }
    return app;
  }

  /** Starts one event: marks it firing and opens its run before anything async, so a crash leaves a trace. */
  #fire(registration: RegistrationRecord, trigger: RunTrigger): Promise<RunRecord> {
    const startedAt = this.#clock.now();
    const attempt = trigger === 'manual' ? 1 : registration.attempt + 1;
    let runId: number;
    try {
      runId = this.#store.transaction(() => {
        this.#store.registrations.setFiring(registration.id, true);
        return this.#store.runs.start({
          appId: registration.appId,
          registrationId: registration.id,
          scope: registration.scope,
          tag: registration.tag,
          trigger,
          attempt,
          startedAt,
        });
      });
    } catch (error) {
      if (isStoreFailure(error)) this.#storeHealth.failed(error);
      throw error;
    }
    this.#storeWritten();
    const controller = new AbortController();
    const key = keyOf(registration.scope, registration.tag);
    this.#logger.info(
      { scope: registration.scope, tag: registration.tag, trigger, attempt },
      'periodicsync: firing',
    );
    const done = this.#dispatchWithTimeLimit(registration, controller).then((outcome) =>
      this.#finish({ fired: registration, trigger, runId, startedAt, attempt }, outcome),
    );
    this.#inFlight.set(key, {
      registrationId: registration.id,
      manual: trigger === 'manual',
      controller,
      done,
    });
    this.events.emit('run-started', {
      id: runId,
      appId: registration.appId,
      registrationId: registration.id,
      scope: registration.scope,
      tag: registration.tag,
      trigger,
      attempt,
      outcome: null,
      error: null,
      startedAt,
      endedAt: null,
      durationMs: null,
    });
    return done;
  }

  /**
   * Fires the event and judges its time limit (the core is its only owner: engines never time an event
   * out themselves). When the limit passes, the engine is told (the signal) and
   * asked for what it already has before the event counts as timed out: after a freeze (a suspended
   * laptop, SIGSTOP) the limit and the worker's completion become due together, and the completion that
   * arrived in time must win. The engine answers an aborted dispatch promptly; `ENGINE_ANSWER_GRACE_MS`
   * bounds the wait for one that does not.
   */
  async #dispatchWithTimeLimit(
    registration: RegistrationRecord,
    controller: AbortController,
  ): Promise<{ outcome: RunOutcome; error: string | null }> {
    const timeLimitMs = this.#settings.eventTimeLimitMs;
    const timedOut = {
      outcome: 'timed-out' as const,
      error: `The event did not settle within its time limit of ${timeLimitMs} ms.`,
    };
    const timers: Timer[] = [];
    const limitReached = new Promise<'limit'>((resolve) => {
      timers.push(
        this.#clock.setTimer(this.#clock.now() + timeLimitMs, () => {
          controller.abort(new HostError('time-limit', 'The event reached its time limit.'));
          // Set after the limit passed, so a freeze cannot make this one due at the same moment.
          timers.push(
            this.#clock.setTimer(this.#clock.now() + ENGINE_ANSWER_GRACE_MS, () => resolve('limit')),
          );
        }),
      );
    });
    const shutDown = new Promise<'shutdown'>((resolve) => {
      const onAbort = () => {
        if (isShutdown(controller.signal.reason)) resolve('shutdown');
      };
      controller.signal.addEventListener('abort', onAbort, { once: true });
    });
    const attempt = async (): Promise<DispatchOutcome | 'limit'> => {
      await this.#engine.ensureWorkerRunning(registration.scope);
      if (controller.signal.aborted) return 'limit'; // the limit passed while the worker started
      return this.#engine.dispatchPeriodicSync({
        scope: registration.scope,
        tag: registration.tag,
        timeLimitMs,
        signal: controller.signal,
      });
    };
    try {
      const result = await Promise.race([attempt(), limitReached, shutDown]);
      if (isShutdown(controller.signal.reason)) {
        return { outcome: 'interrupted', error: 'The host stopped before the event finished.' };
      }
      // Past the limit only a completion the engine had already received counts; anything else timed out.
      if (typeof result === 'string' || result.status === 'abandoned') return timedOut;
      if (controller.signal.aborted && result.status !== 'success') return timedOut;
      return { outcome: result.status, error: result.error ?? null };
    } catch (error) {
      if (error instanceof WorkerNotFoundError) {
        this.workerRegistrationGone(registration.scope);
        return { outcome: 'failed', error: `${error.message} Its periodic sync registrations were removed.` };
      }
      if (controller.signal.aborted && !isShutdown(controller.signal.reason)) return timedOut;
      return { outcome: 'failed', error: error instanceof Error ? error.message : String(error) };
    } finally {
      for (const timer of timers) timer.cancel();
    }
  }

  /**
   * Records how an event ended and reschedules its registration. When the store cannot take the write, the
   * outcome is kept in memory and written by the store's retry (the registration stays marked firing in
   * the store meanwhile, so it does not fire again; if the host dies first, the next start records the run
   * as interrupted and fires it again).
   */
  #finish(
    opened: {
      fired: RegistrationRecord;
      trigger: RunTrigger;
      runId: number;
      startedAt: number;
      attempt: number;
    },
    result: { outcome: RunOutcome; error: string | null },
  ): RunRecord {
    const { fired, runId } = opened;
    const endedAt = this.#clock.now();
    const finish: UnrecordedFinish = { fired, trigger: opened.trigger, runId, result, endedAt };
    let run: RunRecord;
    try {
      run = this.#record(finish);
      this.#storeWritten();
    } catch (error) {
      if (!isStoreFailure(error)) throw error;
      this.#storeHealth.failed(error);
      this.#unrecorded.push(finish);
      run = {
        id: runId,
        appId: fired.appId,
        registrationId: fired.id,
        scope: fired.scope,
        tag: fired.tag,
        trigger: opened.trigger,
        attempt: opened.attempt,
        outcome: result.outcome,
        error: result.error,
        startedAt: opened.startedAt,
        endedAt,
        durationMs: endedAt - opened.startedAt,
      };
    }
    this.#inFlight.delete(keyOf(fired.scope, fired.tag));
    this.#logger.info(
      {
        scope: fired.scope,
        tag: fired.tag,
        outcome: run.outcome,
        durationMs: run.durationMs,
        error: run.error,
      },
      'periodicsync: finished',
    );
    this.events.emit('run-finished', run);
    this.plan();
    return run;
  }

  /** Writes an event's outcome and its registration's next due time in one transaction. */
  #record(finish: UnrecordedFinish): RunRecord {
    const { fired, trigger, runId, result, endedAt } = finish;
    return this.#store.transaction(() => {
      const run = this.#store.runs.finish(runId, result.outcome, result.error, endedAt);
      const current = this.#store.registrations.get(fired.scope, fired.tag);
      if (current) this.#rescheduleAfter(current, fired, trigger, result.outcome, endedAt);
      this.#store.runs.prune(fired.id, this.#settings.runsKeptPerRegistration);
      return run;
    });
  }

  #rescheduleAfter(
    current: RegistrationRecord,
    fired: RegistrationRecord,
    trigger: RunTrigger,
    outcome: RunOutcome,
    endedAt: number,
  ): void {
    const app = this.#store.apps.get(current.appId);
    if (!app) return;
    const intervalMs = effectiveIntervalMs(current.minIntervalMs, app, this.#settings);
    const next = rescheduleAfterEvent(
      { current, firedId: fired.id, trigger, outcome, endedAt, intervalMs },
      this.#settings,
    );
    if (next.freshPeriod) this.#waitingForPrevious.delete(current.id);
    this.#store.registrations.complete(current.id, {
      attempt: next.attempt,
      nextDueAt: next.nextDueAt,
      completedAt: endedAt,
      outcome,
    });
  }
}

function isShutdown(reason: unknown): boolean {
  return reason instanceof HostError && reason.code === 'shutdown';
}

function checkScopeBelongsToApp(scope: string, app: AppRecord): void {
  const origin = URL.parse(scope)?.origin;
  if (origin === undefined) {
    throw new PeriodicSyncError('InvalidStateError', `The service worker scope is not a URL: ${scope}.`);
  }
  if (origin !== app.origin) {
    throw new PeriodicSyncError(
      'NotAllowedError',
      `The scope ${scope} is not on the app's origin ${app.origin}.`,
    );
  }
}
