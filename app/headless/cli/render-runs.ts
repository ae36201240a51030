import type { RunSummary } from '../../host/host-operations.ts';
import { formatDuration } from './format-duration.ts';
import { formatRelativeTime } from './format-relative-time.ts';
import { formatTable } from './format-table.ts';
import { terminalLine } from './terminal-text.ts';

export function renderRuns(runs: readonly RunSummary[], now: number): string {
  if (runs.length === 0) return 'No runs recorded.\n';
  return formatTable(
    ['WHEN', 'APP', 'KIND', 'TAG', 'TRIGGER', 'ATTEMPT', 'OUTCOME', 'DURATION', 'NOTIFIED', 'ERROR'],
    runs.map((run) => [
      formatRelativeTime(run.startedAt, now),
      run.appName ?? run.appId,
      run.kind,
      run.tag,
      run.trigger,
      attemptText(run),
      run.outcome ?? 'running',
      run.durationMs === null ? '-' : formatDuration(run.durationMs),
      run.notifications.length === 0
        ? '-'
        : oneLine(run.notifications.map((shown) => shown.title).join('; ')),
      oneLine(run.error ?? ''),
    ]),
  );
}

/** "2" for a periodic run; "3 of 3, last chance" for a one-off sync's (its event's `lastChance`). */
function attemptText(run: RunSummary): string {
  if (run.maxAttempts === null) return String(run.attempt);
  return `${run.attempt} of ${run.maxAttempts}${run.lastChance ? ', last chance' : ''}`;
}

/** Stack traces and multi-line messages would break the table's rows. */
function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/**
 * One finished run as one line, for `runs --follow`: local time it ended, app, kind, tag, trigger, attempt,
 * outcome, duration and error, like a log line.
 */
export function renderRunLine(run: RunSummary): string {
  const duration = run.durationMs === null ? '-' : formatDuration(run.durationMs);
  const error = run.error === null ? '' : `  ${oneLine(run.error)}`;
  const when = localTimestamp(run.endedAt ?? run.startedAt);
  return terminalLine`${when}  ${run.appName ?? run.appId}  ${run.kind}  ${run.tag}  ${run.trigger}  ${attemptText(run)}  ${run.outcome ?? 'running'}  ${duration}${error}\n`;
}

function localTimestamp(time: number): string {
  const date = new Date(time);
  const pad = (value: number) => String(value).padStart(2, '0');
  return (
    `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ` +
    `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`
  );
}
