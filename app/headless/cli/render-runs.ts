import { formatDuration } from '../../base/format-duration.ts';
import { formatRelativeTime } from '../../base/format-relative-time.ts';
import type { RunSummary } from '../../host/host-operations.ts';
import { formatRow, formatTable } from './format-table.ts';
import { terminalText } from './terminal-text.ts';

export function renderRuns(runs: readonly RunSummary[], now: number): string {
  if (runs.length === 0) return 'No runs recorded.\n';
  return formatTable(
    ['WHEN', 'APP', 'KIND', 'TAG', 'TRIGGER', 'ATTEMPT', 'OUTCOME', 'DURATION', 'NOTIFIED', 'ERROR'],
    runs.map((run) => [
      formatRelativeTime(run.startedAt, now),
      ...whatRan(run),
      run.notifications.length === 0
        ? '-'
        : oneLine(run.notifications.map((shown) => shown.title).join('; ')),
      oneLine(run.error ?? ''),
    ]),
  );
}

/** The columns `runs` and `runs --follow` share: app, kind, tag, trigger, attempt, outcome, duration. */
function whatRan(run: RunSummary): string[] {
  return [
    run.appName ?? run.appId,
    run.kind,
    run.tag,
    run.trigger,
    attemptText(run),
    run.outcome ?? 'running',
    run.durationMs === null ? '-' : formatDuration(run.durationMs),
  ];
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

/** The columns of `runs --follow`, sized from the apps and tags known when it starts. */
export interface RunLineWidths {
  app: number;
  tag: number;
}

const FOLLOW_HEADERS = ['ENDED', 'APP', 'KIND', 'TAG', 'TRIGGER', 'ATTEMPT', 'OUTCOME', 'DURATION', 'ERROR'];

/** Wide enough for every app name and tag known now (a longer one that comes later pushes its line along). */
export function runLineWidths(appNames: readonly string[], tags: readonly string[]): RunLineWidths {
  const widest = (texts: readonly string[], header: string) =>
    Math.max(header.length, ...texts.map((text) => terminalText(text).length));
  return { app: widest(appNames, 'APP'), tag: widest(tags, 'TAG') };
}

function followColumns(widths: RunLineWidths): number[] {
  // A local timestamp; "periodic"; the longest trigger ("scheduled"); "3 of 3, last chance"; the longest
  // outcome ("interrupted"); "2 min 30 s".
  return [19, widths.app, 8, widths.tag, 9, 7, 11, 10, 0];
}

/** The header line of `runs --follow`, over the same columns as its lines. */
export function renderRunLineHeader(widths: RunLineWidths): string {
  return formatRow(FOLLOW_HEADERS, followColumns(widths));
}

/**
 * One finished run as one line, for `runs --follow`: local time it ended, app, kind, tag, trigger, attempt,
 * outcome, duration and error, in columns like `runs`.
 */
export function renderRunLine(run: RunSummary, widths: RunLineWidths = { app: 0, tag: 0 }): string {
  return formatRow(
    [localTimestamp(run.endedAt ?? run.startedAt), ...whatRan(run), oneLine(run.error ?? '')],
    followColumns(widths),
  );
}

function localTimestamp(time: number): string {
  const date = new Date(time);
  const pad = (value: number) => String(value).padStart(2, '0');
  return (
    `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ` +
    `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`
  );
}
