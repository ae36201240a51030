/**
 * Waits of any length. Node's timers hold at most 2^31 - 1 ms (about 24.8 days): a longer delay is
 * replaced by 1 ms with only a warning, and `AbortSignal.timeout` throws a RangeError past 2^32 - 1. A
 * monthly registration, a long setting or a far-off browser start are all ordinary here, so every wait
 * whose length comes from data or settings goes through this file, which chains timers of the largest
 * safe length until the whole delay has passed.
 */

/** The longest delay one Node timer holds. */
export const MAX_TIMER_DELAY_MS = 2 ** 31 - 1;

export interface LongTimer {
  cancel(): void;
}

export interface LongTimerOptions {
  /** Lets the process exit while only this timer is pending (as `timeout.unref()`). */
  unref?: boolean;
}

/**
 * Calls `callback` once `delayMs` has passed (a delay that is not a finite positive number counts as 0, as
 * for setTimeout). Cancelling stops it at any link of the chain.
 */
export function setLongTimeout(
  callback: () => void,
  delayMs: number,
  { unref = false }: LongTimerOptions = {},
): LongTimer {
  let timer: NodeJS.Timeout | undefined;
  const arm = (remaining: number) => {
    const link = Math.min(remaining, MAX_TIMER_DELAY_MS);
    timer = setTimeout(() => (remaining > link ? arm(remaining - link) : callback()), link);
    if (unref) timer.unref();
  };
  arm(Number.isFinite(delayMs) && delayMs > 0 ? delayMs : 0);
  return { cancel: () => clearTimeout(timer) };
}

/**
 * `AbortSignal.timeout` for any delay: aborts with a "TimeoutError" DOMException once `delayMs` passed,
 * and, like it, never keeps the process alive on its own.
 */
export function longTimeoutSignal(delayMs: number): AbortSignal {
  const controller = new AbortController();
  setLongTimeout(
    () => controller.abort(new DOMException('The operation timed out.', 'TimeoutError')),
    delayMs,
    { unref: true },
  );
  return controller.signal;
}
