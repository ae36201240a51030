import { formatRelativeTime } from '../../base/format-relative-time.ts';
import { alertWords } from '../../host/failure-alert-rule.ts';
import type { FailureAlert, NotificationSummary, NotShownReason } from '../../host/host-operations.ts';
import { formatTable } from './format-table.ts';

export function renderNotifications(notifications: readonly NotificationSummary[], now: number): string {
  if (notifications.length === 0) return 'No notifications recorded.\n';
  return formatTable(
    ['WHEN', 'APP', 'TAG', 'TITLE', 'BODY', 'SHOWN', 'ENDED'],
    notifications.map((notification) => [
      formatRelativeTime(notification.createdAt, now),
      notification.appName ?? notification.appId,
      notification.options.tag || '-',
      oneLine(notification.title),
      oneLine(notification.options.body),
      notification.shown ? 'yes' : notShown(notification.notShownReason),
      notification.shown ? (notification.closeReason ?? 'on screen') : '-',
    ]),
  );
}

export function renderAlerts(alerts: readonly FailureAlert[], now: number): string {
  if (alerts.length === 0) return 'No task keeps failing, and no one-off sync was given up.\n';
  return formatTable(
    ['SINCE', 'APP', 'KIND', 'TAG', 'WHAT', 'LAST ERROR'],
    alerts.map((alert) => [
      formatRelativeTime(alert.alertedAt, now),
      alert.appName,
      alert.kind,
      alert.tag,
      alertWords(alert),
      oneLine(alert.lastError ?? ''),
    ]),
  );
}

const NOT_SHOWN: Record<NotShownReason, string> = {
  muted: 'no: muted',
  flooded: 'not shown: too many at once',
  'no-service': 'not shown: no notification service',
  failed: 'not shown: the notification service refused it',
};

function notShown(reason: NotShownReason | null): string {
  return reason === null ? 'no' : NOT_SHOWN[reason];
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
