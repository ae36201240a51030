import type { HostApi } from '../../app/host/host-api.ts';
import type { AppRecord, OneOffSyncSummary } from '../../app/host/host-operations.ts';
import { nextRun, SyncTable } from '../components/sync-table.tsx';

/**
 * The app's pending one-off syncs (`registration.sync.register(tag)`): what it sent while offline, or what
 * its server refused, still to be delivered. Shown only while there are any.
 */
export function OneOffSyncsTable(props: {
  api: HostApi;
  app: AppRecord;
  syncs: OneOffSyncSummary[];
  online: boolean;
  now: number;
}) {
  const { app, syncs, online, now } = props;
  if (syncs.length === 0) return null;
  return (
    <section aria-labelledby="one-off-heading">
      <h2 id="one-off-heading">Waiting to sync</h2>
      <p class="hint">
        One-off syncs {app.name} registered: each fires as soon as the network is there, and is tried again
        later if it fails, until one attempt succeeds or the last one fails.
      </p>
      <SyncTable
        api={props.api}
        app={app}
        label="Table of one-off syncs"
        syncs={syncs}
        columns={[
          { heading: 'Next attempt', cell: (sync) => `${sync.attemptsMade + 1} of ${sync.maxAttempts}` },
          { heading: 'When', cell: (sync) => nextAttempt(sync, app, online, now) },
        ]}
      />
    </section>
  );
}

function nextAttempt(sync: OneOffSyncSummary, app: AppRecord, online: boolean, now: number): string {
  if (!app.paused && !sync.firing && !online && sync.nextDueAt <= now) return 'when the network is back';
  return nextRun(sync, app, now);
}
