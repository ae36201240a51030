/** A cancel handle for a timer set on a clock. */
export interface Timer {
  cancel(): void;
}

/**
 * Time as the core sees it. The system clock is the real one; tests inject a manual clock so schedules,
 * retries and time limits are checked without waiting.
 */
export interface Clock {
  /** Wall-clock milliseconds since the epoch. */
  now(): number;
  /** Milliseconds from a steady source that never jumps (used to notice wall-clock jumps). */
  monotonic(): number;
  /** Calls `callback` once, when the wall clock reaches `at` (immediately if it already has). */
  setTimer(at: number, callback: () => void): Timer;
}
