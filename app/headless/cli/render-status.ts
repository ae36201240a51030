import { formatRelativeTime } from '../../base/format-relative-time.ts';
import { describeEngineState } from '../../engine/engine-port.ts';
import { alertCount } from '../../host/failure-alert-rule.ts';
import type { HostStatus, NotificationService } from '../../host/host-operations.ts';
import { formatTable } from './format-table.ts';

export function renderStatus(status: HostStatus, now: number): string {
  const next =
    status.nextDueAt === null
      ? 'nothing registered'
      : `${formatRelativeTime(status.nextDueAt, now)}${status.nextDue ? ` (${status.nextDue.appName}: ${status.nextDue.tag}${status.nextDue.kind === 'one-off' ? ', one-off sync' : ''})` : ''}`;
  const rows: [string, string][] = [
    ['host', status.running ? `running (pid ${status.pid}, engine ${status.engine})` : 'not running'],
    ...(status.running && status.browser
      ? [['browser', describeEngineState(status.browser)] as [string, string]]
      : []),
    ...(status.running && status.browserBinary
      ? [
          ['browser binary', `${status.browserBinary.path} (${status.browserBinary.kind})`] as [
            string,
            string,
          ],
        ]
      : []),
    ['data dir', status.dataDir],
    ['network', status.online ? 'online' : 'offline'],
    ['next due', next],
  ];
  if (status.running) rows.push(['events running', String(status.eventsInFlight)]);
  if (status.developerMode) rows.push(['mode', 'developer (interval floor may be 0)']);
  if (status.notifications) rows.push(['notifications', describeNotifications(status.notifications)]);
  rows.push([
    'wake-up when quit',
    status.wakeUp ?? (status.running ? 'none while the host runs (it fires due tasks itself)' : 'none'),
  ]);
  if (status.storeProblem) {
    const since = formatRelativeTime(status.storeProblem.since, now);
    rows.push(['store', `cannot write (since ${since}), nothing fires: ${status.storeProblem.message}`]);
  }
  for (const missing of status.missingWorkers) {
    const what =
      missing.restore === 'reloading'
        ? 'loading its start page to register it again'
        : `not back: ${missing.error ?? 'its start page registered none'}`;
    rows.push([
      'service worker',
      `missing for ${missing.appName} (${missing.scope}) since ${formatRelativeTime(missing.since, now)}; its syncs are kept; ${what}`,
    ]);
  }
  for (const adjustment of status.settingsAdjusted) rows.push(['setting', adjustment.message]);
  if (status.alerts.length > 0) rows.push(['alerts', `${alertCount(status.alerts)} (pwa-host alerts)`]);
  return formatTable(['', ''], rows).split('\n').slice(1).join('\n');
}

function describeNotifications(service: NotificationService): string {
  if (service.available === null) return `asking the ${service.display} notification service`;
  if (service.available) return `shown (${service.display} notification service)`;
  return `cannot be shown: ${service.reason}; they are recorded (pwa-host notifications)`;
}
