import type { RunOutcome } from '../store/records.ts';

export interface FailureStreak {
  /** The outcome of the run that just ended. */
  outcome: RunOutcome;
  /** Whether the person was already told about this registration's streak. */
  alerted: boolean;
  /** The `failure-alert-after` setting: runs in a row; 0 is off. */
  threshold: number;
  /** The registration's latest outcomes that count toward a streak, newest first (the one that ended included). */
  recent: readonly RunOutcome[];
}

/**
 * Tell the person once when a task has failed `threshold` runs in a row, and again only after it has
 * succeeded in between: 'alert' tells, 'clear' forgets an earlier alert, 'unchanged' does nothing.
 */
export function shouldAlert(streak: FailureStreak): 'alert' | 'clear' | 'unchanged' {
  if (streak.outcome === 'success') return streak.alerted ? 'clear' : 'unchanged';
  if (streak.alerted || streak.threshold === 0 || streak.recent.length < streak.threshold) return 'unchanged';
  return streak.recent.every((outcome) => outcome === 'failed' || outcome === 'timed-out')
    ? 'alert'
    : 'unchanged';
}

/** What the host's own notification says. */
export function failureAlertText(alert: {
  appName: string;
  tag: string;
  failures: number;
  lastError: string | null;
}): { title: string; body: string } {
  return {
    title: `${alert.appName}: background task "${alert.tag}" keeps failing`,
    body: `It failed ${alert.failures} times in a row. Last error: ${alert.lastError ?? 'none recorded'}`,
  };
}
