import type { OneOffSyncRecord, RunOutcome, RunTrigger } from '../store/records.ts';
import type { SyncSettings } from './settings.ts';

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

/** What becomes of a one-off sync after one of its events ended. */
export type OneOffAfterEvent =
  | { kind: 'remove' }
  | { kind: 'pending'; attemptsMade: number; nextAttemptAt: number };

/**
 * The one-off retry policy (Chromium's `EventCompleteImpl`, with the host's manual runs on top):
 * - registered again while it fired: it fires once more at once, its attempts reset;
 * - a success removes it;
 * - an event the host stopped (interrupted) is due again at once, the attempt not counted;
 * - a manual run that failed leaves it as it was (it used up no attempt);
 * - a failure counts one attempt: after the last the sync is removed, else it waits its retry delay
 *   (5 min, then 15 min by default; the last delay repeats).
 */
export function oneOffAfterEvent(
  sync: Pick<OneOffSyncRecord, 'attemptsMade' | 'nextAttemptAt' | 'reregisteredWhileFiring'>,
  trigger: RunTrigger,
  outcome: RunOutcome,
  endedAt: number,
  settings: OneOffSettings,
): OneOffAfterEvent {
  if (sync.reregisteredWhileFiring) return { kind: 'pending', attemptsMade: 0, nextAttemptAt: endedAt };
  if (outcome === 'success') return { kind: 'remove' };
  if (outcome === 'interrupted')
    return { kind: 'pending', attemptsMade: sync.attemptsMade, nextAttemptAt: endedAt };
  if (trigger === 'manual')
    return { kind: 'pending', attemptsMade: sync.attemptsMade, nextAttemptAt: sync.nextAttemptAt };
  const attemptsMade = sync.attemptsMade + 1;
  if (attemptsMade >= settings.oneOffMaxAttempts) return { kind: 'remove' };
  const delays = settings.oneOffRetryDelaysMs;
  const delay = delays[Math.min(attemptsMade - 1, delays.length - 1)] as number;
  return { kind: 'pending', attemptsMade, nextAttemptAt: endedAt + delay };
}
