import { HostError } from '../base/errors.ts';
import type { Timer } from '../clock/clock.ts';
import type { DispatchOutcome } from '../engine/engine-port.ts';
import { WorkerNotFoundError } from '../engine/engine-port.ts';
import type { RunOutcome } from '../store/records.ts';
import type { CoreContext } from './core-context.ts';

/** How long past an event's time limit the core waits for the engine to report what it already received. */
const ENGINE_ANSWER_GRACE_MS = 5000;

export interface TimeLimitedEvent {
  scope: string;
  /** Hands the event to the (running) worker; the engine's dispatch for this kind of event. */
  send(timeLimitMs: number, signal: AbortSignal): Promise<DispatchOutcome>;
  /**
   * The browser has no worker registration for the scope, and the app did not unregister it; returns what
   * the run's error adds about what happens to the registrations.
   */
  workerLost(scope: string): string;
}

/**
 * How an event ended; `workerMissing` when the browser had no worker registration to send it to,
 * `browserLost` when the browser went away while it ran.
 */
export interface EventResult {
  outcome: RunOutcome;
  error: string | null;
  workerMissing?: true;
  browserLost?: true;
}

/**
 * Fires an event and judges its time limit (the core is its only owner: engines never time an event
 * out themselves). When the limit passes, the engine is told (the signal) and asked for what it already
 * has before the event counts as timed out: after a freeze (a suspended laptop, SIGSTOP) the limit and the
 * worker's completion become due together, and the completion that arrived in time must win. The engine
 * answers an aborted dispatch promptly; `ENGINE_ANSWER_GRACE_MS` bounds the wait for one that does not.
 */
export async function dispatchWithTimeLimit(
  context: CoreContext,
  event: TimeLimitedEvent,
  controller: AbortController,
): Promise<EventResult> {
  const timeLimitMs = context.settings.eventTimeLimitMs;
  const timedOut = {
    outcome: 'timed-out' as const,
    error: `The event did not settle within its time limit of ${timeLimitMs} ms.`,
  };
  const { engine, clock } = context;
  const limitAt = clock.now() + timeLimitMs;
  const attempt = async (): Promise<DispatchOutcome | 'limit'> => {
    // A worker that is ready now gets the event in this very tick (the warm path); else wait for it.
    if (!engine.claimReadyWorker?.(event.scope)) {
      await engine.ensureWorkerRunning(event.scope);
      if (controller.signal.aborted) return 'limit'; // the limit passed while the worker started
    }
    return event.send(timeLimitMs, controller.signal);
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
    const failure = { outcome: result.status, error: result.error ?? null };
    return result.browserLost ? { ...failure, browserLost: true } : failure;
  } catch (error) {
    if (error instanceof WorkerNotFoundError) {
      return {
        outcome: 'failed',
        error: `${error.message} ${event.workerLost(event.scope)}`,
        workerMissing: true,
      };
    }
    if (controller.signal.aborted && !isShutdown(controller.signal.reason)) return timedOut;
    return { outcome: 'failed', error: error instanceof Error ? error.message : String(error) };
  } finally {
    for (const timer of timers) timer.cancel();
  }
}

export function isShutdown(reason: unknown): boolean {
  return reason instanceof HostError && reason.code === 'shutdown';
}
