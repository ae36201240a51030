import type { HostApi } from '../../app/host/host-api.ts';
import type { AppRecord, PeriodicSyncSummary } from '../../app/host/host-operations.ts';
import { nextRun, SyncTable } from '../components/sync-table.tsx';
import { interval } from '../format.ts';

export function RegistrationsTable(props: {
  api: HostApi;
  app: AppRecord;
  syncs: PeriodicSyncSummary[];
  now: number;
}) {
  const { app, syncs, now } = props;
  return (
    <section aria-labelledby="registrations-heading">
      <h2 id="registrations-heading">Periodic tasks</h2>
      {syncs.length === 0 ? (
        <div class="empty">
          <p>
            <strong>{app.name} has not registered any periodic task yet.</strong>
          </p>
          <p>
            An app registers one from its page or service worker with{' '}
            <code>registration.periodicSync.register(tag, {'{ minInterval }'})</code>. Open the app once so it
            can.
          </p>
        </div>
      ) : (
        <SyncTable
          api={props.api}
          app={app}
          label="Table of periodic tasks"
          syncs={syncs}
          columns={[
            { heading: 'Asked for', cell: (sync) => interval(sync.minIntervalMs) },
            { heading: 'Runs every', cell: (sync) => interval(sync.effectiveIntervalMs) },
            { heading: 'Next due', cell: (sync) => nextRun(sync, app, now) },
          ]}
        />
      )}
    </section>
  );
}
