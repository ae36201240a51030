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

/** One sentence per failing task: its tag, how often it failed and the last error. */
export function alertSentence(alert: FailureAlert): string {
  return `Background task “${alert.tag}” failed ${alert.failures} times in a row. Last error: ${
    alert.lastError ?? 'none recorded'
  }`;
}

/**
 * The mark of an app with a task that keeps failing (until the task succeeds again): visible as "⚠ Failing",
 * read out with the tag and the last error.
 */
export function AlertMark({ alerts }: { alerts: readonly FailureAlert[] }) {
  if (alerts.length === 0) return null;
  const said = alerts.map(alertSentence).join(' ');
  return (
    <span class="badge badge-alert" title={said}>
      <span aria-hidden="true">⚠ </span>Failing<span class="visually-hidden">: {said}</span>
    </span>
  );
}
