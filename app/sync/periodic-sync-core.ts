import { HostError } from '../base/errors.ts';
import { TypedEmitter } from '../base/typed-emitter.ts';
import { withTimeout } from '../base/wait.ts';
import type { Clock } from '../clock/clock.ts';
import type { ConnectivitySource } from '../connectivity/connectivity.ts';
import type { Engine } from '../engine/engine-port.ts';
import { describeEngineState } from '../engine/engine-port.ts';
import type { Logger } from '../logging/logger.ts';
import type { OneOffSyncRecord, RegistrationRecord, RunRecord } from '../store/records.ts';
import type { Store } from '../store/store.ts';
import { isStoreFailure } from '../store/store-errors.ts';
import { type CoreContext, earliest } from './core-context.ts';
import { EventDispatcher } from './event-dispatcher.ts';
import { OneOffDispatcher } from './one-off-dispatcher.ts';
import { OneOffRegistrations } from './one-off-registrations.ts';
import { RegistrationApi } from './registration-api.ts';
import { runDue } from './run-due.ts';
import type { SyncSettings } from './settings.ts';
import { StoreHealth, type StoreProblem } from './store-health.ts';
import type { SyncEvents } from './sync-events.ts';
import { WakePlanner } from './wake-planner.ts';

export interface PeriodicSyncCoreOptions {
  store: Store;
  clock: Clock;
  engine: Engine;
  connectivity: ConnectivitySource;
  settings: SyncSettings;
  logger: Logger;
}

/**
 * The host side of Periodic Background Sync and of its sibling, one-off Background Sync: registration rules,
 * the schedule, firing through the engine, retries, time limits and the run history. A facade over its
 * parts (the registration APIs, the wake planner, the dispatchers of each kind), which share one context
 * (one schedule, one set of worker slots, one run history); it owns start, stop and settings.
 */
export class PeriodicSyncCore {
  readonly #context: CoreContext;
  readonly #registrations: RegistrationApi;
  readonly #planner: WakePlanner;
  readonly #dispatcher: EventDispatcher;
  readonly #oneOffRegistrations: OneOffRegistrations;
  readonly #oneOff: OneOffDispatcher;
  #unsubscribeConnectivity: (() => void) | undefined;
  #unsubscribeEngine: (() => void) | undefined;
  /** Runs started and finished, registrations changed: what observers (the host's event stream) follow. */
  readonly events: TypedEmitter<SyncEvents>;

  constructor(options: PeriodicSyncCoreOptions) {
    const { logger } = options;
    this.events = new TypedEmitter((error, event) =>
      logger.error({ err: error, event }, 'a periodic sync event listener failed'),
    );
    this.#context = {
      store: options.store,
      clock: options.clock,
      engine: options.engine,
      connectivity: options.connectivity,
      logger,
      events: this.events,
      storeHealth: new StoreHealth(options.clock, logger, () => this.#retryStoreWrites()),
      storeWritten: () => {
        if (this.#dispatcher.holdsOutcomes || this.#oneOff.holdsOutcomes) this.#retryStoreWrites();
        else this.#context.storeHealth.succeeded();
      },
      schedule: {
        plan: () => this.#planner.plan(),
        planIfEarlier: (dueAt) => this.#planner.planIfEarlier(dueAt),
      },
      settings: options.settings,
      running: false,
      inFlight: new Map(),
      waitingForPrevious: new Set(),
    };
    this.#registrations = new RegistrationApi(this.#context);
    this.#oneOffRegistrations = new OneOffRegistrations(this.#context);
    const workerLost = (scope: string) => this.#registrations.workerLost(scope, 'not-found');
    this.#dispatcher = new EventDispatcher(this.#context, workerLost);
    this.#oneOff = new OneOffDispatcher(this.#context, workerLost);
    // One-off syncs first: they carry what a person sent, and wait for nothing but the network.
    this.#planner = new WakePlanner(this.#context, () => {
      this.#oneOff.fireDue();
      this.#dispatcher.fireDue();
    });
  }

  /** The store's retry: writes the outcomes held back, checks the store takes writes, then plans again. */
  #retryStoreWrites(): void {
    const context = this.#context;
    try {
      this.#dispatcher.writeHeldOutcomes();
      this.#oneOff.writeHeldOutcomes();
      context.store.checkWritable();
    } catch (error) {
      if (!isStoreFailure(error)) throw error;
      context.storeHealth.failed(error);
      return;
    }
    context.storeHealth.succeeded();
    context.schedule.plan();
  }

  /** Why the store cannot be written now (nothing fires meanwhile), or undefined when it can. */
  get storeProblem(): StoreProblem | undefined {
    return this.#context.storeHealth.problem;
  }

  get settings(): Readonly<SyncSettings> {
    return this.#context.settings;
  }

  /**
   * Records runs a previous host left open as interrupted and makes their registrations (and one-off syncs,
   * their attempt not counted) due again.
   */
  recoverInterruptedRuns(): RunRecord[] {
    const { store, logger } = this.#context;
    const now = this.#context.clock.now();
    return store.transaction(() => {
      const open = store.runs.unfinished();
      store.runs.interruptUnfinished('The host stopped before the event finished.', now);
      for (const registration of store.registrations.listFiring()) {
        store.registrations.setFiring(registration.id, false);
        store.registrations.setNextDue(registration.id, Math.min(registration.nextDueAt, now));
      }
      for (const sync of store.oneOffSyncs.listFiring()) {
        // Registered again during the interrupted event: it fires anew, as it would have after that event.
        store.oneOffSyncs.retryLater(sync.id, {
          attemptsMade: sync.reregisteredWhileFiring ? 0 : sync.attemptsMade,
          nextAttemptAt: Math.min(sync.nextAttemptAt, now),
          endedAt: now,
          outcome: 'interrupted',
          error: 'The host stopped before the event finished.',
        });
      }
      if (open.length > 0)
        logger.warn({ runs: open.length }, 'recorded runs of a stopped host as interrupted');
      return open;
    });
  }

  start(): void {
    const context = this.#context;
    if (context.running) return;
    context.running = true;
    this.#unsubscribeConnectivity = context.connectivity.subscribe((online) => {
      context.logger.info({ online }, online ? 'connectivity: online' : 'connectivity: offline');
      this.plan();
    });
    // Like connectivity: nothing fires while the browser is away, and what is due fires once it is back.
    this.#unsubscribeEngine = context.engine.onStateChange?.((state) => {
      context.logger.info({ browser: state.status }, `browser: ${describeEngineState(state)}`);
      this.plan();
    });
    this.plan();
  }

  /**
   * Stops firing. Events still running get `graceMs` to finish; the rest are aborted and recorded as
   * interrupted.
   */
  async stop(graceMs = 0): Promise<void> {
    const context = this.#context;
    // Before the check: a host that never started its schedule (run-due, one command) may have a retry.
    context.storeHealth.close();
    if (!context.running) return;
    context.running = false;
    this.#planner.cancelTimer();
    this.#unsubscribeConnectivity?.();
    this.#unsubscribeEngine?.();
    const pending = [...context.inFlight.values()];
    if (pending.length === 0) return;
    await withTimeout(Promise.all(pending.map((event) => event.done)), graceMs, () => undefined);
    for (const event of context.inFlight.values())
      event.controller.abort(new HostError('shutdown', 'The host stopped.'));
    await Promise.all(pending.map((event) => event.done));
  }

  updateSettings(settings: SyncSettings): void {
    this.#context.settings = settings;
    this.plan();
  }

  // ── The page-facing API (called through the engine with the caller it identified) ──────────────────

  /** `PeriodicSyncManager.register()` for a worker registration `scope` belonging to `appId`. */
  register(appId: string, scope: string, tag: string, minInterval: unknown): RegistrationRecord {
    return this.#registrations.register(appId, scope, tag, minInterval);
  }

  /** `PeriodicSyncManager.unregister()`: removing a tag that is not registered is not an error. */
  unregister(scope: string, tag: string): boolean {
    return this.#registrations.unregister(scope, tag);
  }

  /** `PeriodicSyncManager.getTags()`, in registration order. */
  getTags(scope: string): string[] {
    return this.#registrations.getTags(scope);
  }

  /**
   * The app unregistered its worker registration: its periodic registrations and pending syncs go too,
   * as in the spec.
   */
  workerUnregistered(scope: string): number {
    return (
      this.#registrations.workerUnregistered(scope) + this.#oneOffRegistrations.workerUnregistered(scope)
    );
  }

  /** The browser deleted a worker registration the app did not unregister: the registrations stay. */
  workerLost(scope: string): void {
    this.#registrations.workerLost(scope, 'deleted');
  }

  /** `SyncManager.register(tag)` (one-off Background Sync) for a worker registration of `appId`. */
  registerOneOff(appId: string, scope: string, tag: string): OneOffSyncRecord {
    return this.#oneOffRegistrations.register(appId, scope, tag);
  }

  /** `SyncManager.getTags()`: the one-off syncs of `scope` not yet fired to completion. */
  getOneOffTags(scope: string): string[] {
    return this.#oneOffRegistrations.getTags(scope);
  }

  // ── Host-facing operations ────────────────────────────────────────────────────────────────────────

  /** Fires one registration now, whatever its schedule (still only when online); resolves with the run. */
  runNow(scope: string, tag: string): Promise<RunRecord> {
    return this.#dispatcher.runNow(scope, tag);
  }

  /** Fires one pending one-off sync now (a failure uses up none of its attempts); resolves with the run. */
  runOneOffNow(scope: string, tag: string): Promise<RunRecord> {
    return this.#oneOff.runNow(scope, tag);
  }

  /**
   * Fires everything due now and waits until it and anything that became due meanwhile has run (for a
   * host woken by the OS only to do that, then exit). Needs no timer: the core need not be started.
   */
  runDue(): Promise<RunRecord[]> {
    return runDue(this.#context, [() => this.#oneOff.startDue(), () => this.#dispatcher.startDue()]);
  }

  /**
   * When the earliest registration or one-off sync that may fire is due, if any (for an OS wake-up after
   * the host quits).
   */
  nextDueAt(): number | undefined {
    const { store } = this.#context;
    return earliest(
      store.registrations.nextCandidate([])?.nextDueAt,
      store.oneOffSyncs.nextCandidate()?.nextDueAt,
    );
  }

  /** Whether a one-off sync that may fire is pending (the OS wake-up then also waits for a network). */
  hasPendingOneOffSyncs(): boolean {
    return this.#context.store.oneOffSyncs.nextCandidate() !== undefined;
  }

  /** Re-plans after the machine resumed from sleep or the wall clock was changed. */
  notifyResumed(): void {
    this.#context.logger.info({}, 'resumed: re-planning');
    this.#planner.pullInUnlessStoreFails();
    this.plan();
  }

  /** How many events are running now. */
  get eventsInFlight(): number {
    return this.#context.inFlight.size;
  }

  /** The next time the core will wake to fire something, if any. */
  get nextWakeAt(): number | undefined {
    return this.#planner.nextWakeAt;
  }

  /** Sets the single timer for the earliest registration that may fire (see `WakePlanner.plan`). */
  plan(): void {
    this.#planner.plan();
  }

  /** Pulls in due times a wall clock moved back left far in the future (see the planner). */
  pullInFarFutureDueTimes(): void {
    this.#planner.pullInFarFutureDueTimes();
  }
}
