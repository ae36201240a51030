import type { RunRecord } from '../host/host-operations.ts';
import { formatDuration } from './format-duration.ts';
import { formatRelativeTime } from './format-relative-time.ts';
import { formatTable } from './format-table.ts';

export function renderRuns(runs: readonly RunRecord[], now: number): string {
  if (runs.length === 0) return 'No runs recorded.\n';
  return formatTable(
    ['WHEN', 'APP', 'TAG', 'TRIGGER', 'OUTCOME', 'DURATION', 'ERROR'],
    runs.map((run) => [
      formatRelativeTime(run.startedAt, now),
      run.appId,
      run.tag,
      run.trigger,
      run.outcome ?? 'running',
      run.durationMs === null ? '-' : formatDuration(run.durationMs),
      oneLine(run.error ?? ''),
    ]),
  );
}

/** Stack traces and multi-line messages would break the table's rows. */
function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
