import { formatDuration } from '../../base/format-duration.ts';
import { formatRelativeTime } from '../../base/format-relative-time.ts';
import type { HostOperations } from '../../host/host-api.ts';
import type { HostStatus, RunSummary } from '../../host/host-operations.ts';
import type { Output } from './output.ts';
import { terminalLine } from './terminal-text.ts';

/** How long the banner waits for the host's first answer from the notification service. */
const NOTIFICATIONS_ASKED_MS = 2000;

/**
 * What `pwa-host serve` says on a terminal, in sentences (the log file keeps the JSON): where it serves,
 * the apps and the next task, whether notifications can be shown; then each run as it ends, the network
 * coming and going, and the browser failing. Returns the function that stops it.
 */
export function narrateServing(
  operations: HostOperations,
  output: Output,
  now: () => number = Date.now,
): () => void {
  const say = (text: string) => output.err(text);
  void banner(operations, now).then(say);
  const stops = [
    operations.events.on('run-finished', (run) => say(runLine(run, now()))),
    operations.events.on('connectivity', ({ online }) =>
      say(
        online
          ? `${clock(now())} Online again: due tasks run now.\n`
          : `${clock(now())} Offline: tasks wait until the computer is online.\n`,
      ),
    ),
    operations.events.on('browser-state', (state) => {
      if (state.status === 'restarting')
        say(
          terminalLine`${clock(now())} The browser stopped unexpectedly; restarting it (attempt ${state.attempt}: ${state.reason}).\n`,
        );
      else if (state.status === 'failed')
        say(
          terminalLine`${clock(now())} The browser keeps failing, so nothing runs for now: ${state.reason}.\n`,
        );
    }),
  ];
  return () => {
    for (const stop of stops) stop();
    say('Stopping: tasks under way get a few seconds to finish.\n');
  };
}

async function banner(operations: HostOperations, now: () => number): Promise<string> {
  const status = await statusWithNotifications(operations);
  const apps = operations.list();
  const lines = [
    terminalLine`PWA Host is serving ${status.dataDir} (process ${status.pid}).`,
    apps.length === 0
      ? 'No app is installed yet: `pwa-host install URL` installs one.'
      : terminalLine`${apps.length === 1 ? 'One app' : `${apps.length} apps`}: ${apps.map((app) => `${app.name} (${app.scope})`).join(', ')}.`,
    status.nextDue === null || status.nextDueAt === null
      ? 'No periodic sync is registered yet.'
      : terminalLine`Next task: ${status.nextDue.appName}: ${status.nextDue.tag}, ${formatRelativeTime(status.nextDueAt, now())}.`,
    ...(status.online ? [] : ['The computer is offline: tasks wait until it is online.']),
    ...notificationsLine(status),
    'Other pwa-host commands on this data dir reach this host. Ctrl-C stops it.',
  ];
  return `${lines.join('\n')}\n`;
}

/** The status once the host has heard from the notification service (or after a moment). */
async function statusWithNotifications(operations: HostOperations): Promise<HostStatus> {
  const deadline = Date.now() + NOTIFICATIONS_ASKED_MS;
  let status = operations.status();
  while (status.notifications?.available === null && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    status = operations.status();
  }
  return status;
}

function notificationsLine(status: HostStatus): string[] {
  const service = status.notifications;
  if (service?.available !== false) return [];
  return [
    terminalLine`Notifications cannot be shown: ${service.reason}. They are recorded (pwa-host notifications).`,
  ];
}

function runLine(run: RunSummary, now: number): string {
  const took = run.durationMs === null ? '' : ` in ${formatDuration(run.durationMs)}`;
  const how =
    run.outcome === 'success'
      ? `succeeded${took}`
      : run.outcome === 'timed-out'
        ? `timed out${took}`
        : run.outcome === 'interrupted'
          ? 'was interrupted'
          : `failed${took}`;
  const error = run.error === null || run.outcome === 'success' ? '' : `: ${run.error.split('\n')[0]}`;
  return terminalLine`${clock(now)} ${run.appName ?? run.appId}: ${run.tag} (${run.trigger}) ${how}${error}.\n`;
}

function clock(time: number): string {
  return new Date(time).toTimeString().slice(0, 8);
}
