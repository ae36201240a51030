import { alertWords } from '../../app/host/failure-alert-rule.ts';
import type { AppBadge, FailureAlert } from '../../app/host/host-operations.ts';

/** What the app's badge says in words (`navigator.setAppBadge`): a count, a flag, or null for none. */
export function badgeWords(badge: AppBadge): string | null {
  if (badge === null) return null;
  return badge === 'flag' ? 'App badge set' : `App badge: ${badge}`;
}

/** The app's badge beside its name: the number (or a dot for a flag), read out in words. */
export function BadgeCount({ badge }: { badge: AppBadge }) {
  const words = badgeWords(badge);
  if (words === null) return null;
  return (
    <span class="badge badge-count" title={words}>
      <span class="visually-hidden">{words}</span>
      <span aria-hidden="true">{badge === 'flag' ? '•' : badge}</span>
    </span>
  );
}

/** One sentence per alert: the task (or one-off sync), what happened to it and the last error. */
export function alertSentence(alert: FailureAlert): string {
  const what = alert.kind === 'one-off' ? 'One-off sync' : 'Background task';
  return `${what} “${alert.tag}” ${alertWords(alert)}. Last error: ${alert.lastError ?? 'none recorded'}`;
}

/** The mark's visible word: "Failing" for a task that keeps failing, "Not sent" for a one-off sync given up. */
function markWords(alerts: readonly FailureAlert[]): string {
  const kinds = new Set(alerts.map((alert) => alert.kind));
  return [...(kinds.has('periodic') ? ['Failing'] : []), ...(kinds.has('one-off') ? ['Not sent'] : [])].join(
    ', ',
  );
}

/**
 * The mark of an app with a task that keeps failing or a one-off sync given up (until it succeeds again):
 * visible as "⚠ Failing" or "⚠ Not sent", read out with the tag and the last error.
 */
export function AlertMark({ alerts }: { alerts: readonly FailureAlert[] }) {
  if (alerts.length === 0) return null;
  const said = alerts.map(alertSentence).join(' ');
  return (
    <span class="badge badge-alert" title={said}>
      <span aria-hidden="true">⚠ </span>
      {markWords(alerts)}
      <span class="visually-hidden">: {said}</span>
    </span>
  );
}
