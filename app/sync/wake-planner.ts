import type { Timer } from '../clock/clock.ts';
import { isStoreFailure } from '../store/store-errors.ts';
import { type CoreContext, canFire, earliest, freeSlots, type Schedule } from './core-context.ts';
import { effectiveIntervalMs, latestDueAt } from './registration-rules.ts';

/** A wall-clock move this much larger or smaller than steady time is treated as a jump. */
const CLOCK_JUMP_TOLERANCE_MS = 2000;

/**
 * The schedule: one timer, set for the earliest registration that may fire. It notices wall-clock jumps
 * and pulls in due times that a clock moved back left far in the future.
 */
export class WakePlanner implements Schedule {
  readonly #context: CoreContext;
  /** Fires what is due when the timer goes off (the dispatcher's job). */
  readonly #fireDue: () => void;
  #timer: Timer | undefined;
  #plannedWakeAt: number | undefined;
  #armedAt: { wall: number; steady: number } | undefined;

  constructor(context: CoreContext, fireDue: () => void) {
    this.#context = context;
    this.#fireDue = fireDue;
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
    const context = this.#context;
    if (!context.running) return;
    if (context.storeHealth.problem) return; // the store's retry plans again once it can be written
    const online = context.connectivity.isOnline();
    const periodic = online
      ? context.store.registrations.nextCandidate([...context.waitingForPrevious])?.nextDueAt
      : undefined;
    const oneOff = context.store.oneOffSyncs.nextCandidate()?.nextDueAt;
    const candidate = earliest(periodic, online ? oneOff : undefined);
    // The browser on demand: an engine that can stop its browser while idle starts it for `candidate`.
    // Offline, a one-off sync still counts at its attempt's time: once that has come, it fires the moment
    // the network is back, which a browser that must start first (seconds) would miss.
    context.engine.setDemand?.({
      nextDueAt: online ? candidate : oneOff,
      eventsInFlight: context.inFlight.size,
      idleMs: context.settings.browserIdleMs,
    });
    // Else connectivity, the engine or a finishing event plans again.
    const next = canFire(context) && freeSlots(context) > 0 ? candidate : undefined;
    const wakeAt = next === undefined ? undefined : Math.max(next, context.clock.now());
    if (this.#timer && wakeAt === this.#plannedWakeAt) return; // already set for that time
    this.cancelTimer();
    if (wakeAt !== undefined) this.#arm(wakeAt);
  }

  planIfEarlier(dueAt: number): void {
    if (this.#plannedWakeAt === undefined || !this.#timer || dueAt < this.#plannedWakeAt) this.plan();
  }

  cancelTimer(): void {
    this.#timer?.cancel();
    this.#timer = undefined;
  }

  /**
   * After the wall clock moves back, due times computed from the later time could lie far in the future.
   * No registration should wait more than one interval (or one retry delay) from now. Runs on start (the
   * clock may have been corrected while no host ran), on resume and when a clock jump is noticed.
   */
  pullInFarFutureDueTimes(): void {
    const { store, settings } = this.#context;
    const now = this.#context.clock.now();
    store.transaction(() => {
      // A one-off sync waits at most its longest retry delay.
      const latestAttempt = now + Math.max(...settings.oneOffRetryDelaysMs);
      for (const sync of store.oneOffSyncs.listDueAfter(latestAttempt))
        store.oneOffSyncs.setNextAttempt(sync.id, latestAttempt);
      const candidates = store.registrations.listDueBeyondMinInterval(now);
      if (candidates.length === 0) return;
      // One read of the apps, not one per registration: a resume can meet thousands of registrations.
      const apps = new Map(store.apps.list().map((app) => [app.id, app]));
      for (const registration of candidates) {
        const app = apps.get(registration.appId);
        if (!app) continue;
        const interval = effectiveIntervalMs(registration.minIntervalMs, app, settings);
        const latest = latestDueAt(registration, now, interval, settings);
        if (registration.nextDueAt > latest) store.registrations.setNextDue(registration.id, latest);
      }
    });
  }

  pullInUnlessStoreFails(): void {
    try {
      this.pullInFarFutureDueTimes();
    } catch (error) {
      if (!isStoreFailure(error)) throw error;
      this.#context.storeHealth.failed(error);
    }
  }

  #arm(at: number): void {
    const { clock } = this.#context;
    this.#plannedWakeAt = at;
    this.#armedAt = { wall: clock.now(), steady: clock.monotonic() };
    this.#timer = clock.setTimer(at, () => {
      this.#timer = undefined;
      this.#noticeClockJump();
      this.#fireDue();
      this.plan();
    });
  }

  #noticeClockJump(): void {
    if (!this.#armedAt) return;
    const { clock, logger } = this.#context;
    const wallElapsed = clock.now() - this.#armedAt.wall;
    const steadyElapsed = clock.monotonic() - this.#armedAt.steady;
    const jump = wallElapsed - steadyElapsed;
    if (Math.abs(jump) > CLOCK_JUMP_TOLERANCE_MS) {
      logger.warn({ jumpMs: Math.round(jump) }, 'wall clock jumped (or the machine slept): re-planning');
      this.pullInUnlessStoreFails();
    }
  }
}
