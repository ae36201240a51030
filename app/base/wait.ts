import { type LongTimer, setLongTimeout } from './long-timer.ts';

/**
 * The one way the host waits for something with a bound: a promise (`withTimeout`) or a condition
 * (`waitUntil`). What a time-out means is the caller's: `onTimeout` returns a fallback or throws.
 */

/** Settles as `promise` does, or with `onTimeout()` (its value, or what it throws) once `timeoutMs` passed. */
export function withTimeout<T, F>(
  promise: Promise<T>,
  timeoutMs: number,
  onTimeout: () => F,
): Promise<T | F> {
  let timer: LongTimer | undefined;
  const timedOut = new Promise<F>((resolve, reject) => {
    timer = setLongTimeout(() => {
      try {
        resolve(onTimeout());
      } catch (error) {
        reject(error);
      }
    }, timeoutMs);
  });
  return Promise.race([promise, timedOut]).finally(() => timer?.cancel());
}

export interface WaitUntilOptions<F> {
  timeoutMs: number;
  /** What the wait gives when the condition never held: a fallback value, or throw to reject. */
  onTimeout: () => F;
  /**
   * Subscribes `recheck` to whatever can change the condition and returns the unsubscribe; without it the
   * condition is polled every `pollMs`.
   */
  onChange?: (recheck: () => void) => () => void;
  pollMs?: number;
}

/**
 * Resolves with the first value `check` returns other than undefined or false, checked at once and then
 * on every change (or poll); a `check` that throws rejects the wait (e.g. the thing waited on is gone).
 */
export async function waitUntil<T, F>(
  check: () => T | undefined | false | Promise<T | undefined | false>,
  { timeoutMs, onTimeout, onChange, pollMs = 25 }: WaitUntilOptions<F>,
): Promise<T | F> {
  const found = Promise.withResolvers<T>();
  let finished = false;
  let checking = false;
  let checkAgain = false;
  const recheck = async () => {
    if (finished) return;
    if (checking) {
      checkAgain = true; // a change arrived while an asynchronous check ran: look once more after it
      return;
    }
    checking = true;
    try {
      do {
        checkAgain = false;
        const value = await check();
        if (value !== undefined && value !== false) {
          finished = true;
          found.resolve(value);
        }
      } while (checkAgain && !finished);
    } catch (error) {
      finished = true;
      found.reject(error);
    } finally {
      checking = false;
    }
  };
  const stopWatching = onChange ? onChange(() => void recheck()) : pollEvery(pollMs, () => void recheck());
  void recheck();
  try {
    return await withTimeout(found.promise, timeoutMs, onTimeout);
  } finally {
    finished = true;
    stopWatching();
  }
}

function pollEvery(intervalMs: number, poll: () => void): () => void {
  const interval = setInterval(poll, intervalMs);
  return () => clearInterval(interval);
}
