import { HostError } from '../base/errors.ts';
import { formatDuration } from '../base/format-duration.ts';
import type { Timer } from '../clock/clock.ts';
import type { DispatchOutcome } from '../engine/engine-port.ts';
import { browserUnavailable, describeEngineState, WorkerNotFoundError } from '../engine/engine-port.ts';
import type { RegistrationRecord, RunOutcome, RunRecord, RunTrigger } from '../store/records.ts';
import { isStoreFailure } from '../store/store-errors.ts';
import { type CoreContext, canFire, freeSlots, keyOf } from './core-context.ts';
import { effectiveIntervalMs, rescheduleAfterEvent, triggerFor } from './registration-rules.ts';

/** How long past an event's time limit the core waits for the engine to report what it already received. */
const ENGINE_ANSWER_GRACE_MS = 5000;

/** An event that ended while its outcome could not be written: kept here until the store takes it. */
interface UnrecordedFinish {
  fired: RegistrationRecord;
  trigger: RunTrigger;
  runId: number;
  result: { outcome: RunOutcome; error: string | null };
  endedAt: number;
}

/**
 * Fires events through the engine: opens each run, dispatches it under its time limit, records how it
 * ended and reschedules its registration, and keeps outcomes the store could not take until it can.
 */
export class EventDispatcher {
  readonly #context: CoreContext;
  /** The worker registration an event was sent to is gone (the registration API removes what it had). */
  readonly #workerRegistrationGone: (scope: string) => void;
  readonly #unrecorded: UnrecordedFinish[] = [];

  constructor(context: CoreContext, workerRegistrationGone: (scope: string) => void) {
    this.#context = context;
    this.#workerRegistrationGone = workerRegistrationGone;
  }

  /** Fires one registration now, whatever its schedule (still only when online); resolves with the run. */
  async runNow(scope: string, tag: string): Promise<RunRecord> {
    const { engine } = this.#context;
    this.#manualRunOf(scope, tag, true); // refusals that need no browser come before starting one
    // A browser stopped for being idle starts for a manual run and stays until its event ends.
    await engine.ensureRunning?.();
    try {
      return await this.#fire(this.#manualRunOf(scope, tag, false), 'manual');
    } finally {
      engine.release?.();
    }
  }

  /** The registration a manual run fires, or the HostError saying why it cannot fire now. */
  #manualRunOf(scope: string, tag: string, beforeStart: boolean): RegistrationRecord {
    const context = this.#context;
    const registration = context.store.registrations.get(scope, tag);
    if (!registration) {
      throw new HostError(
        'registration-not-found',
        `No periodic sync registration with the tag "${tag}" for ${scope}.`,
      );
    }
    if (!context.connectivity.isOnline()) {
      throw new HostError(
        'offline',
        'The machine is offline; periodic sync events fire only with connectivity.',
      );
    }
    const engineState = context.engine.state?.();
    const startable =
      beforeStart && (engineState?.status === 'stopped' || engineState?.status === 'starting');
    if (engineState && engineState.status !== 'running' && !startable) {
      throw browserUnavailable(describeEngineState(engineState));
    }
    const current = context.inFlight.get(keyOf(scope, tag));
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
    const context = this.#context;
    const runs: RunRecord[] = [];
    let storeFailed = false;
    for (;;) {
      if (!canFire(context)) break;
      const due = storeFailed
        ? []
        : context.store.registrations.due(
            context.clock.now(),
            [...context.waitingForPrevious],
            Math.max(freeSlots(context), 0),
          );
      for (const registration of due) {
        const started = this.#fireUnlessStoreFails(
          registration,
          this.#triggerFor(registration, context.clock.now()),
        );
        if (!started) {
          storeFailed = true; // what is left stays due for the next wake-up
          break;
        }
        void started.then((run) => runs.push(run));
      }
      if (context.inFlight.size === 0) break;
      await Promise.race([...context.inFlight.values()].map((event) => event.done));
      await new Promise((resolve) => setImmediate(resolve));
    }
    return runs;
  }

  /** Fires every due registration that a free slot allows, oldest due first. */
  fireDue(): void {
    const context = this.#context;
    if (!context.running || !canFire(context)) return;
    const now = context.clock.now();
    const due = context.store.registrations.due(
      now,
      [...context.waitingForPrevious],
      Math.max(freeSlots(context), 0),
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
  retryStoreWrites(): void {
    const context = this.#context;
    try {
      while (this.#unrecorded.length > 0) {
        this.#record(this.#unrecorded[0] as UnrecordedFinish);
        this.#unrecorded.shift();
      }
      context.store.checkWritable();
    } catch (error) {
      if (!isStoreFailure(error)) throw error;
      context.storeHealth.failed(error);
      return;
    }
    context.storeHealth.succeeded();
    context.schedule.plan();
  }

  /** A write went through: the store is fine again once the outcomes it missed are written too. */
  #storeWritten(): void {
    if (this.#unrecorded.length > 0) this.retryStoreWrites();
    else this.#context.storeHealth.succeeded();
  }

  #triggerFor(registration: RegistrationRecord, now: number): RunTrigger {
    const { store, settings } = this.#context;
    // The app is looked up only for an event late enough that its interval decides (not on the warm path).
    const intervalMs = () => {
      const app = store.apps.get(registration.appId);
      return app ? effectiveIntervalMs(registration.minIntervalMs, app, settings) : 0;
    };
    return triggerFor(registration, now, intervalMs, settings);
  }

  /** Starts one event: marks it firing and opens its run before anything async, so a crash leaves a trace. */
  #fire(registration: RegistrationRecord, trigger: RunTrigger): Promise<RunRecord> {
    const context = this.#context;
    const { store } = context;
    const startedAt = context.clock.now();
    const attempt = trigger === 'manual' ? 1 : registration.attempt + 1;
    let runId: number;
    try {
      runId = store.transaction(() => {
        store.registrations.setFiring(registration.id, true);
        return store.runs.start({
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
      if (isStoreFailure(error)) context.storeHealth.failed(error);
      throw error;
    }
    this.#storeWritten();
    const controller = new AbortController();
    const key = keyOf(registration.scope, registration.tag);
    const done = this.#dispatchWithTimeLimit(registration, controller).then((outcome) =>
      this.#finish({ fired: registration, trigger, runId, startedAt, attempt }, outcome),
    );
    // Logged once the event is on its way (the run row, written above, is the trace a crash leaves).
    context.logger.info(
      { scope: registration.scope, tag: registration.tag, trigger, attempt },
      'periodicsync: firing',
    );
    context.inFlight.set(key, {
      registrationId: registration.id,
      manual: trigger === 'manual',
      controller,
      done,
    });
    context.events.emit('run-started', {
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
    const timeLimitMs = this.#context.settings.eventTimeLimitMs;
    const timedOut = {
      outcome: 'timed-out' as const,
      error: `The event did not settle within its time limit of ${formatDuration(timeLimitMs)}.`,
    };
    const { engine, clock } = this.#context;
    const limitAt = clock.now() + timeLimitMs;
    const attempt = async (): Promise<DispatchOutcome | 'limit'> => {
      // A worker that is ready now gets the event in this very tick (the warm path); else wait for it.
      if (!engine.claimReadyWorker?.(registration.scope)) {
        await engine.ensureWorkerRunning(registration.scope);
        if (controller.signal.aborted) return 'limit'; // the limit passed while the worker started
      }
      return engine.dispatchPeriodicSync({
        scope: registration.scope,
        tag: registration.tag,
        timeLimitMs,
        signal: controller.signal,
      });
    };
    // First the event, then the bookkeeping around it: the limit still counts from before the dispatch.
    const attempted = attempt();
    const timers: Timer[] = [];
    const limitReached = new Promise<'limit'>((resolve) => {
      timers.push(
        clock.setTimer(limitAt, () => {
          controller.abort(new HostError('time-limit', 'The event reached its time limit.'));
          // Set after the limit passed, so a freeze cannot make this one due at the same moment.
          timers.push(clock.setTimer(clock.now() + ENGINE_ANSWER_GRACE_MS, () => resolve('limit')));
        }),
      );
    });
    const shutDown = new Promise<'shutdown'>((resolve) => {
      const onAbort = () => {
        if (isShutdown(controller.signal.reason)) resolve('shutdown');
      };
      controller.signal.addEventListener('abort', onAbort, { once: true });
    });
    try {
      const result = await Promise.race([attempted, limitReached, shutDown]);
      if (isShutdown(controller.signal.reason)) {
        return { outcome: 'interrupted', error: 'The host stopped before the event finished.' };
      }
      // Past the limit only a completion the engine had already received counts; anything else timed out.
      if (typeof result === 'string' || result.status === 'abandoned') return timedOut;
      if (controller.signal.aborted && result.status !== 'success') return timedOut;
      return { outcome: result.status, error: result.error ?? null };
    } catch (error) {
      if (error instanceof WorkerNotFoundError) {
        this.#workerRegistrationGone(registration.scope);
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
    const endedAt = this.#context.clock.now();
    const finish: UnrecordedFinish = { fired, trigger: opened.trigger, runId, result, endedAt };
    let run: RunRecord;
    try {
      run = this.#record(finish);
      this.#storeWritten();
    } catch (error) {
      if (!isStoreFailure(error)) throw error;
      this.#context.storeHealth.failed(error);
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
    this.#context.inFlight.delete(keyOf(fired.scope, fired.tag));
    this.#context.logger.info(
      {
        scope: fired.scope,
        tag: fired.tag,
        outcome: run.outcome,
        durationMs: run.durationMs,
        error: run.error,
      },
      'periodicsync: finished',
    );
    this.#context.events.emit('run-finished', run);
    this.#context.schedule.plan();
    return run;
  }

  /** Writes an event's outcome and its registration's next due time in one transaction. */
  #record(finish: UnrecordedFinish): RunRecord {
    const { fired, trigger, runId, result, endedAt } = finish;
    return this.#context.store.transaction(() => {
      const run = this.#context.store.runs.finish(runId, result.outcome, result.error, endedAt);
      const current = this.#context.store.registrations.get(fired.scope, fired.tag);
      if (current) this.#rescheduleAfter(current, fired, trigger, result.outcome, endedAt);
      this.#context.store.runs.prune(fired.id, this.#context.settings.runsKeptPerRegistration);
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
    const app = this.#context.store.apps.get(current.appId);
    if (!app) return;
    const intervalMs = effectiveIntervalMs(current.minIntervalMs, app, this.#context.settings);
    const next = rescheduleAfterEvent(
      { current, firedId: fired.id, trigger, outcome, endedAt, intervalMs },
      this.#context.settings,
    );
    if (next.freshPeriod) this.#context.waitingForPrevious.delete(current.id);
    this.#context.store.registrations.complete(current.id, {
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
