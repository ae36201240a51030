import type { RunOutcome } from '../store/records.ts';
import type { FailureAlert } from './host-operations.ts';

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

/** What an alert is about, in the words after its tag (lists, menus, marks): "failed 6 times in a row". */
export function alertWords(alert: Pick<FailureAlert, 'kind' | 'failures'>): string {
  if (alert.kind === 'periodic') return `failed ${alert.failures} times in a row`;
  return `gave up sending after ${alert.failures} failed attempt${alert.failures === 1 ? '' : 's'}`;
}

/** How many alerts there are, in words (the tray, `status`): "2 tasks failing, 1 one-off sync given up". */
export function alertCount(alerts: readonly Pick<FailureAlert, 'kind'>[]): string {
  const failing = alerts.filter((alert) => alert.kind === 'periodic').length;
  const givenUp = alerts.length - failing;
  return [
    ...(failing > 0 ? [`${failing} task${failing === 1 ? '' : 's'} failing`] : []),
    ...(givenUp > 0 ? [`${givenUp} one-off sync${givenUp === 1 ? '' : 's'} given up`] : []),
  ].join(', ');
}

/** What the host's own notification says. */
export function failureAlertText(
  alert: Pick<FailureAlert, 'kind' | 'appName' | 'tag' | 'failures' | 'lastError'>,
): { title: string; body: string } {
  const lastError = `Last error: ${alert.lastError ?? 'none recorded'}`;
  if (alert.kind === 'one-off')
    return {
      title: `${alert.appName}: gave up sending "${alert.tag}"`,
      body: `All ${alert.failures} attempts failed, so the host stopped trying: what the app had to send has not arrived. It is tried again when the app registers "${alert.tag}" again. ${lastError}`,
    };
  return {
    title: `${alert.appName}: background task "${alert.tag}" keeps failing`,
    body: `It failed ${alert.failures} times in a row. ${lastError}`,
  };
}
