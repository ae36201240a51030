import { HostError } from '../base/errors.ts';
import type { RegistrationRecord, RunOutcome, RunRecord, RunTrigger } from '../store/records.ts';
import { isStoreFailure } from '../store/store-errors.ts';
import { type CoreContext, canFire, freeSlots, keyOf } from './core-context.ts';
import { refuseManualRun } from './manual-run-checks.ts';
import { effectiveIntervalMs, rescheduleAfterEvent, triggerFor } from './registration-rules.ts';
import type { DueStarted } from './run-due.ts';
import { dispatchWithTimeLimit } from './time-limited-dispatch.ts';

/** An event that ended while its outcome could not be written: kept here until the store takes it. */
interface UnrecordedFinish {
  fired: RegistrationRecord;
  trigger: RunTrigger;
  runId: number;
  startedAt: number;
  result: { outcome: RunOutcome; error: string | null };
  endedAt: number;
}

/**
 * Fires events through the engine: opens each run, dispatches it under its time limit, records how it
 * ended and reschedules its registration, and keeps outcomes the store could not take until it can.
 */
export class EventDispatcher {
  readonly #context: CoreContext;
  /** The worker registration an event was sent to is not in the browser (the registrations stay). */
  readonly #workerLost: (scope: string) => void;
  readonly #unrecorded: UnrecordedFinish[] = [];

  constructor(context: CoreContext, workerLost: (scope: string) => void) {
    this.#context = context;
    this.#workerLost = workerLost;
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
    const registration = this.#context.store.registrations.get(scope, tag);
    if (!registration) {
      throw new HostError(
        'registration-not-found',
        `No periodic sync registration with the tag "${tag}" for ${scope}.`,
      );
    }
    refuseManualRun(this.#context, keyOf(scope, tag), registration, beforeStart);
    return registration;
  }

  /** Starts every due registration that a free slot allows, oldest due first (see `runDue`). */
  startDue(): DueStarted {
    const context = this.#context;
    const now = context.clock.now();
    const due = context.store.registrations.due(
      now,
      [...context.waitingForPrevious],
      Math.max(freeSlots(context), 0),
    );
    const started: Promise<RunRecord>[] = [];
    for (const registration of due) {
      const run = this.#fireUnlessStoreFails(registration, this.#triggerFor(registration, now));
      if (!run) return { started, storeFailed: true };
      started.push(run);
    }
    return { started, storeFailed: false };
  }

  /** Fires every due registration that a free slot allows, oldest due first. */
  fireDue(): void {
    const context = this.#context;
    if (!context.running || !canFire(context)) return;
    this.startDue();
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

  /** Whether it holds outcomes the store did not take. */
  get holdsOutcomes(): boolean {
    return this.#unrecorded.length > 0;
  }

  /** Writes the outcomes it holds, oldest first; throws (keeping the rest) when the store still fails. */
  writeHeldOutcomes(): void {
    while (this.#unrecorded.length > 0) {
      this.#record(this.#unrecorded[0] as UnrecordedFinish);
      this.#unrecorded.shift();
    }
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
    this.#context.storeWritten();
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
      kind: 'periodic',
      appId: registration.appId,
      registrationId: registration.id,
      scope: registration.scope,
      tag: registration.tag,
      trigger,
      attempt,
      maxAttempts: null,
      lastChance: null,
      outcome: null,
      error: null,
      startedAt,
      endedAt: null,
      durationMs: null,
    });
    return done;
  }

  #dispatchWithTimeLimit(
    registration: RegistrationRecord,
    controller: AbortController,
  ): Promise<{ outcome: RunOutcome; error: string | null }> {
    const { engine } = this.#context;
    return dispatchWithTimeLimit(
      this.#context,
      {
        scope: registration.scope,
        send: (timeLimitMs, signal) =>
          engine.dispatchPeriodicSync({
            scope: registration.scope,
            tag: registration.tag,
            timeLimitMs,
            signal,
          }),
        workerLost: (scope) => {
          this.#workerLost(scope);
          return "The app did not unregister it: its periodic sync registrations are kept, and the host loads the app's start page to register it again.";
        },
      },
      controller,
    );
  }

  /**
   * Records how an event ended and reschedules its registration. When the store cannot take the write, the
   * outcome is kept in memory and written by the store's retry (the registration stays marked firing in
   * the store meanwhile, so it does not fire again; if the host dies first, the next start records the run
   * as interrupted and fires it again). Whatever else happened meanwhile (the app uninstalled, its
   * registration replaced), the event ends here: it leaves the events in flight, is reported, and the
   * schedule goes on; this never throws, since nothing above it could end the event instead.
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
    const context = this.#context;
    const endedAt = context.clock.now();
    const finish: UnrecordedFinish = {
      fired,
      trigger: opened.trigger,
      runId,
      startedAt: opened.startedAt,
      result,
      endedAt,
    };
    let run: RunRecord = {
      id: runId,
      kind: 'periodic',
      appId: fired.appId,
      registrationId: fired.id,
      scope: fired.scope,
      tag: fired.tag,
      trigger: opened.trigger,
      attempt: opened.attempt,
      maxAttempts: null,
      lastChance: null,
      outcome: result.outcome,
      error: result.error,
      startedAt: opened.startedAt,
      endedAt,
      durationMs: endedAt - opened.startedAt,
    };
    try {
      run = this.#record(finish) ?? run;
      context.storeWritten();
    } catch (error) {
      if (isStoreFailure(error)) {
        context.storeHealth.failed(error);
        this.#unrecorded.push(finish);
      } else {
        context.logger.error(
          { err: error, scope: fired.scope, tag: fired.tag },
          'the end of an event could not be recorded',
        );
      }
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

  /**
   * Writes an event's outcome and its registration's next due time in one transaction. Undefined when the
   * run is gone: its app was uninstalled while the event ran (a registration of the same scope and tag,
   * the app installed again meanwhile, is still rescheduled: it waited for this event to end).
   */
  #record(finish: UnrecordedFinish): RunRecord | undefined {
    const { fired, trigger, runId, startedAt, result, endedAt } = finish;
    return this.#context.store.transaction(() => {
      const run = this.#context.store.runs.finish(
        { id: runId, scope: fired.scope, tag: fired.tag, startedAt },
        result.outcome,
        result.error,
        endedAt,
      );
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
