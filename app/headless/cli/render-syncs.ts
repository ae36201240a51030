import { formatDuration } from '../../base/format-duration.ts';
import { formatRelativeTime } from '../../base/format-relative-time.ts';
import type { SyncSummary } from '../../host/host-operations.ts';
import { formatTable } from './format-table.ts';

export function renderSyncs(syncs: readonly SyncSummary[], now: number): string {
  if (syncs.length === 0) return 'No periodic sync registrations.\n';
  return formatTable(
    ['APP', 'SCOPE', 'TAG', 'MIN INTERVAL', 'EVERY', 'NEXT', 'LAST OUTCOME'],
    syncs.map((sync) => [
      sync.appName,
      sync.scope,
      sync.tag,
      formatDuration(sync.minIntervalMs),
      formatDuration(sync.effectiveIntervalMs),
      nextFiring(sync, now),
      lastOutcome(sync, now),
    ]),
  );
}

function nextFiring(sync: SyncSummary, now: number): string {
  if (sync.firing) return 'firing now';
  if (sync.paused) return 'paused';
  return formatRelativeTime(sync.nextDueAt, now);
}

function lastOutcome(sync: SyncSummary, now: number): string {
  if (sync.lastOutcome === null) return 'never run';
  if (sync.lastCompletedAt === null) return sync.lastOutcome;
  return `${sync.lastOutcome}, ${formatRelativeTime(sync.lastCompletedAt, now)}`;
}
