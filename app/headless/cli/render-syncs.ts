import type { SyncSummary } from '../../host/host-operations.ts';
import { formatDuration } from './format-duration.ts';
import { formatRelativeTime } from './format-relative-time.ts';
import { formatTable } from './format-table.ts';

export function renderSyncs(syncs: readonly SyncSummary[], now: number): string {
  if (syncs.length === 0) return 'No periodic sync registrations or pending one-off syncs.\n';
  return formatTable(
    ['APP', 'KIND', 'SCOPE', 'TAG', 'MIN INTERVAL', 'EVERY', 'NEXT', 'LAST OUTCOME'],
    syncs.map((sync) => [
      sync.appName,
      sync.kind,
      sync.scope,
      sync.tag,
      sync.kind === 'periodic' ? formatDuration(sync.minIntervalMs) : '-',
      sync.kind === 'periodic' ? formatDuration(sync.effectiveIntervalMs) : 'once',
      nextFiring(sync, now),
      lastOutcome(sync, now),
    ]),
  );
}

/** When it fires next; for a one-off sync also which attempt that is (it waits for the network too). */
function nextFiring(sync: SyncSummary, now: number): string {
  if (sync.firing) return 'firing now';
  if (sync.paused) return 'paused';
  const when = formatRelativeTime(sync.nextDueAt, now);
  if (sync.kind === 'periodic') return when;
  return `${when} (attempt ${sync.attemptsMade + 1} of ${sync.maxAttempts})`;
}

function lastOutcome(sync: SyncSummary, now: number): string {
  if (sync.lastOutcome === null) return 'never run';
  if (sync.lastCompletedAt === null) return sync.lastOutcome;
  return `${sync.lastOutcome}, ${formatRelativeTime(sync.lastCompletedAt, now)}`;
}
