import type { OneOffSyncRecord, RunOutcome, RunTrigger } from '../store/records.ts';
import type { SyncSettings } from './settings.ts';
import type { EventResult } from './time-limited-dispatch.ts';

type OneOffSettings = Pick<SyncSettings, 'oneOffMaxAttempts' | 'oneOffRetryDelaysMs'>;

/** What one attempt of a one-off sync is: its number, its trigger and the event's `lastChance`. */
export interface OneOffAttempt {
  /** 1 for the first attempt. */
  attempt: number;
  trigger: RunTrigger;
  lastChance: boolean;
}

/**
 * The attempt a sync makes when it fires now. `lastChance` is true on the last attempt only (Chromium:
 * `num_attempts == max_attempts - 1`), never on a manual run: a manual run does not use up an attempt, so
 * telling the app to give up there could make it drop what it still had to send.
 */
export function oneOffAttempt(
  sync: Pick<OneOffSyncRecord, 'attemptsMade'>,
  manual: boolean,
  settings: OneOffSettings,
): OneOffAttempt {
  const attempt = sync.attemptsMade + 1;
  if (manual) return { attempt, trigger: 'manual', lastChance: false };
  return {
    attempt,
    trigger: sync.attemptsMade > 0 ? 'retry' : 'scheduled',
    lastChance: attempt >= settings.oneOffMaxAttempts,
  };
}

/**
 * How an attempt ended, for the retry policy: its run's outcome, or (each recorded as a failed run) that
 * the browser had no worker registration to send it to, or went away while it ran.
 */
export type AttemptEnd = RunOutcome | 'worker-missing' | 'browser-lost';

export function attemptEndOf(result: EventResult): AttemptEnd {
  if (result.workerMissing) return 'worker-missing';
  if (result.browserLost) return 'browser-lost';
  return result.outcome;
}

/** What becomes of a one-off sync after one of its events ended. */
export type OneOffAfterEvent =
  | { kind: 'remove' }
  | { kind: 'pending'; attemptsMade: number; nextAttemptAt: number };

/**
 * The one-off retry policy (Chromium's `EventCompleteImpl`, with the host's manual runs on top):
 * - registered again while it fired: it fires once more at once, its attempts reset;
 * - a success removes it;
 * - an event the host stopped (interrupted), or that the browser's exit cut short, is due again at once (it
 *   fires once the browser is back), the attempt not counted: neither was the app's doing;
 * - a manual run that failed leaves it as it was (it used up no attempt);
 * - an attempt that found the worker registration missing (the profile lost it; the app did not unregister
 *   it) uses up none either, since the app never received the event: it waits the delay a failure would,
 *   and is never dropped for it (the store is the truth; the host brings the worker back meanwhile);
 * - a failure counts one attempt: after the last the sync is removed, else it waits its retry delay
 *   (5 min, then 15 min by default; the last delay repeats).
 */
export function oneOffAfterEvent(
  sync: Pick<OneOffSyncRecord, 'attemptsMade' | 'nextAttemptAt' | 'reregisteredWhileFiring'>,
  trigger: RunTrigger,
  ended: AttemptEnd,
  endedAt: number,
  settings: OneOffSettings,
): OneOffAfterEvent {
  if (sync.reregisteredWhileFiring) return { kind: 'pending', attemptsMade: 0, nextAttemptAt: endedAt };
  if (ended === 'success') return { kind: 'remove' };
  if (ended === 'interrupted' || ended === 'browser-lost')
    return { kind: 'pending', attemptsMade: sync.attemptsMade, nextAttemptAt: endedAt };
  if (trigger === 'manual')
    return { kind: 'pending', attemptsMade: sync.attemptsMade, nextAttemptAt: sync.nextAttemptAt };
  const delays = settings.oneOffRetryDelaysMs;
  const delayAfter = (attempts: number) => delays[Math.min(attempts - 1, delays.length - 1)] as number;
  if (ended === 'worker-missing') {
    const attemptsMade = sync.attemptsMade;
    return { kind: 'pending', attemptsMade, nextAttemptAt: endedAt + delayAfter(attemptsMade + 1) };
  }
  const attemptsMade = sync.attemptsMade + 1;
  if (attemptsMade >= settings.oneOffMaxAttempts) return { kind: 'remove' };
  return { kind: 'pending', attemptsMade, nextAttemptAt: endedAt + delayAfter(attemptsMade) };
}
