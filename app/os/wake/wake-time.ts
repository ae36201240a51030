/**
 * The soonest a wake-up is set for, from now. A due time already past would fire at once on systemd, never
 * (or a year later) on launchd, and loop if a run-due process that fired nothing re-armed for it; a minute
 * also covers launchd's whole-minute resolution.
 */
export const MINIMUM_WAKE_DELAY_MS = 60_000;

/** The time to arm for: `at`, but no sooner than a minute from now, rounded up to a whole second. */
export function wakeTime(at: Date, nowMs: number): Date {
  if (Number.isNaN(at.getTime())) throw new RangeError('cannot arm a wake-up for an invalid date');
  const earliest = Math.max(at.getTime(), nowMs + MINIMUM_WAKE_DELAY_MS);
  return new Date(Math.ceil(earliest / 1000) * 1000);
}
