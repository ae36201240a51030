import type { HostApi } from '../../app/host/host-api.ts';
import type { AppRecord, PeriodicSyncSummary } from '../../app/host/host-operations.ts';
import { OutcomeBadge } from '../components/outcome.tsx';
import { RunNowCell } from '../components/run-now.tsx';
import { ScrollRegion } from '../components/scroll-region.tsx';
import { interval, relativeTime } from '../format.ts';

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
        <ScrollRegion label="Table of periodic tasks">
          <table>
            <thead>
              <tr>
                <th scope="col">Tag</th>
                <th scope="col">Asked for</th>
                <th scope="col">Runs every</th>
                <th scope="col">Next due</th>
                <th scope="col">Last outcome</th>
                <th scope="col">
                  <span class="visually-hidden">Run now</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {syncs.map((sync) => (
                <tr key={sync.scope + sync.tag}>
                  <th scope="row" class="tag">
                    {sync.tag}
                  </th>
                  <td>{interval(sync.minIntervalMs)}</td>
                  <td>{interval(sync.effectiveIntervalMs)}</td>
                  <td>
                    {app.paused ? 'paused' : sync.firing ? 'running now' : relativeTime(sync.nextDueAt, now)}
                  </td>
                  <td>
                    <OutcomeBadge outcome={sync.lastOutcome} running={sync.firing} />
                  </td>
                  <RunNowCell api={props.api} appId={app.id} tag={sync.tag} kind="periodic" />
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollRegion>
      )}
    </section>
  );
}
