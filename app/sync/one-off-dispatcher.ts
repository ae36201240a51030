import { HostError } from '../base/errors.ts';
import type { OneOffSyncRecord, RunOutcome, RunRecord } from '../store/records.ts';
import { isStoreFailure } from '../store/store-errors.ts';
import { type CoreContext, canFire, freeSlots, oneOffKeyOf } from './core-context.ts';
import { refuseManualRun } from './manual-run-checks.ts';
import { attemptEndOf, type OneOffAttempt, oneOffAfterEvent, oneOffAttempt } from './one-off-rules.ts';
import type { DueStarted } from './run-due.ts';
import { dispatchWithTimeLimit, type EventResult } from './time-limited-dispatch.ts';

/** One attempt as it was opened: the sync as fired, its run and what the attempt was. */
interface OpenedAttempt {
  fired: OneOffSyncRecord;
  runId: number;
  startedAt: number;
  attempt: OneOffAttempt;
}

/** An attempt that ended while its outcome could not be written: kept until the store takes it. */
interface HeldOutcome {
  opened: OpenedAttempt;
  result: EventResult;
  endedAt: number;
}

/**
 * Fires one-off syncs through the engine (`sync` events with `lastChance`): opens each attempt's run,
 * dispatches it under the time limit every event has, then removes the sync after a success or its last
 * attempt, or sets its retry; outcomes the store could not take are held until it can.
 */
export class OneOffDispatcher {
  readonly #context: CoreContext;
  /** The worker registration an event was sent to is not in the browser (its syncs stay pending). */
  readonly #workerLost: (scope: string) => void;
  readonly #held: HeldOutcome[] = [];

  constructor(context: CoreContext, workerLost: (scope: string) => void) {
    this.#context = context;
    this.#workerLost = workerLost;
  }

  /** Starts every sync whose attempt is due, as free slots allow, earliest first (see `runDue`). */
  startDue(): DueStarted {
    const context = this.#context;
    const slots = Math.max(freeSlots(context), 0);
    const due = slots === 0 ? [] : context.store.oneOffSyncs.due(context.clock.now(), slots);
    const started: Promise<RunRecord>[] = [];
    for (const sync of due) {
      try {
        started.push(this.#fire(sync, false));
      } catch (error) {
        if (!isStoreFailure(error)) throw error;
        return { started, storeFailed: true }; // it stays due, and fires once the store takes writes
      }
    }
    return { started, storeFailed: false };
  }

  fireDue(): void {
    const context = this.#context;
    if (context.running && canFire(context)) this.startDue();
  }

  /**
   * Fires one pending sync now ("Run now"). Out of band, as a manual periodic run is: a success completes
   * the sync, a failure uses up none of its attempts and leaves its schedule as it was.
   */
  async runNow(scope: string, tag: string): Promise<RunRecord> {
    const { engine } = this.#context;
    this.#manualRunOf(scope, tag, true);
    await engine.ensureRunning?.();
    try {
      return await this.#fire(this.#manualRunOf(scope, tag, false), true);
    } finally {
      engine.release?.();
    }
  }

  #manualRunOf(scope: string, tag: string, beforeStart: boolean): OneOffSyncRecord {
    const sync = this.#context.store.oneOffSyncs.get(scope, tag);
    if (!sync) {
      throw new HostError(
        'registration-not-found',
        `No pending one-off sync with the tag "${tag}" for ${scope}.`,
      );
    }
    refuseManualRun(this.#context, oneOffKeyOf(scope, tag), sync, beforeStart);
    return sync;
  }

  get holdsOutcomes(): boolean {
    return this.#held.length > 0;
  }

  /** Writes the outcomes it holds, oldest first; throws (keeping the rest) when the store still fails. */
  writeHeldOutcomes(): void {
    while (this.#held.length > 0) {
      this.#record(this.#held[0] as HeldOutcome);
      this.#held.shift();
    }
  }

  /** Starts one attempt: marks it firing and opens its run before anything async, so a crash leaves a trace. */
  #fire(sync: OneOffSyncRecord, manual: boolean): Promise<RunRecord> {
    const context = this.#context;
    const { store, settings } = context;
    const startedAt = context.clock.now();
    const attempt = oneOffAttempt(sync, manual, settings);
    let runId: number;
    try {
      runId = store.transaction(() => {
        store.oneOffSyncs.setFiring(sync.id, true);
        return store.runs.startOneOff({
          appId: sync.appId,
          scope: sync.scope,
          tag: sync.tag,
          trigger: attempt.trigger,
          attempt: attempt.attempt,
          maxAttempts: settings.oneOffMaxAttempts,
          lastChance: attempt.lastChance,
          startedAt,
        });
      });
    } catch (error) {
      if (isStoreFailure(error)) context.storeHealth.failed(error);
      throw error;
    }
    context.storeWritten();
    const opened: OpenedAttempt = { fired: sync, runId, startedAt, attempt };
    const controller = new AbortController();
    const { engine } = context;
    const done = dispatchWithTimeLimit(
      context,
      {
        scope: sync.scope,
        send: (timeLimitMs, signal) =>
          engine.dispatchSync({
            scope: sync.scope,
            tag: sync.tag,
            lastChance: attempt.lastChance,
            timeLimitMs,
            signal,
          }),
        workerLost: (scope) => {
          this.#workerLost(scope);
          return "The app did not unregister it: its pending syncs are kept, and the host loads the app's start page to register it again.";
        },
      },
      controller,
    ).then((result) => this.#finish(opened, result));
    context.logger.info(
      { scope: sync.scope, tag: sync.tag, trigger: attempt.trigger, attempt: attempt.attempt },
      'sync: firing',
    );
    context.inFlight.set(oneOffKeyOf(sync.scope, sync.tag), {
      registrationId: sync.id,
      manual,
      controller,
      done,
    });
    context.events.emit('run-started', this.#runOf(opened, null, null, null));
    return done;
  }

  /**
   * Records how an attempt ended and what becomes of its sync. When the store cannot take the write, the
   * outcome is held here and written by the store's retry (the sync stays marked firing meanwhile, so it
   * does not fire again; if the host dies first, the next start records the run as interrupted and fires it
   * again: a sync is fired to completion at least once, never lost). Whatever else happened meanwhile (the
   * app uninstalled), the attempt ends here: this never throws, since nothing above it could end it instead.
   */
  #finish(opened: OpenedAttempt, result: EventResult): RunRecord {
    const context = this.#context;
    const { fired } = opened;
    const endedAt = context.clock.now();
    const held: HeldOutcome = { opened, result, endedAt };
    let run = this.#runOf(opened, result, endedAt, result.error);
    try {
      run = this.#record(held) ?? run;
      context.storeWritten();
    } catch (error) {
      if (isStoreFailure(error)) {
        context.storeHealth.failed(error);
        this.#held.push(held);
      } else {
        context.logger.error(
          { err: error, scope: fired.scope, tag: fired.tag },
          'the end of a sync event could not be recorded',
        );
      }
    }
    context.inFlight.delete(oneOffKeyOf(fired.scope, fired.tag));
    context.logger.info(
      {
        scope: fired.scope,
        tag: fired.tag,
        outcome: run.outcome,
        durationMs: run.durationMs,
        error: run.error,
      },
      'sync: finished',
    );
    context.events.emit('run-finished', run);
    context.events.emit('registrations-changed', { scope: fired.scope, kind: 'one-off' });
    context.schedule.plan();
    return run;
  }

  /**
   * Writes an attempt's outcome and what becomes of its sync in one transaction. Undefined when the run is
   * gone: its app was uninstalled while the event ran.
   */
  #record(held: HeldOutcome): RunRecord | undefined {
    const { store, settings } = this.#context;
    const { opened, result, endedAt } = held;
    const { fired } = opened;
    return store.transaction(() => {
      const run = store.runs.finish(
        { id: opened.runId, scope: fired.scope, tag: fired.tag, startedAt: opened.startedAt },
        result.outcome,
        result.error,
        endedAt,
      );
      const current = store.oneOffSyncs.get(fired.scope, fired.tag);
      // Gone meanwhile (its app or worker registration was removed), nothing is left to reschedule; a sync
      // registered anew since then waited for this event (see OneOffRegistrations.register) and fires now.
      if (current && (current.reregisteredWhileFiring || isSameSync(current, fired))) {
        const ended = attemptEndOf(result);
        const next = oneOffAfterEvent(current, opened.attempt.trigger, ended, endedAt, settings);
        if (next.kind === 'remove') {
          store.oneOffSyncs.delete(current.id);
          // Removed without a success: the host gave it up, and `alerts` lists it until one succeeds.
          if (run && ended !== 'success') store.runs.markGaveUp(run.id);
        } else
          store.oneOffSyncs.retryLater(current.id, {
            attemptsMade: next.attemptsMade,
            nextAttemptAt: next.nextAttemptAt,
            endedAt,
            outcome: result.outcome,
            error: result.error,
          });
      }
      store.runs.pruneOneOff(fired.scope, fired.tag, settings.runsKeptPerRegistration);
      return run;
    });
  }

  #runOf(
    opened: OpenedAttempt,
    result: { outcome: RunOutcome; error: string | null } | null,
    endedAt: number | null,
    error: string | null,
  ): RunRecord {
    const { fired, attempt } = opened;
    return {
      id: opened.runId,
      kind: 'one-off',
      appId: fired.appId,
      registrationId: null,
      scope: fired.scope,
      tag: fired.tag,
      trigger: attempt.trigger,
      attempt: attempt.attempt,
      maxAttempts: this.#context.settings.oneOffMaxAttempts,
      lastChance: attempt.lastChance,
      outcome: result?.outcome ?? null,
      error,
      startedAt: opened.startedAt,
      endedAt,
      durationMs: endedAt === null ? null : endedAt - opened.startedAt,
    };
  }
}

/** The same sync, not one registered anew for its scope and tag (SQLite may hand it the removed row's id). */
function isSameSync(a: OneOffSyncRecord, b: OneOffSyncRecord): boolean {
  return a.id === b.id && a.createdAt === b.createdAt;
}
