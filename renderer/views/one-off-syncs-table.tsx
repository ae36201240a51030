import type { HostApi } from '../../app/host/host-api.ts';
import type { AppRecord, OneOffSyncSummary } from '../../app/host/host-operations.ts';
import { OutcomeBadge } from '../components/outcome.tsx';
import { RunNowCell } from '../components/run-now.tsx';
import { ScrollRegion } from '../components/scroll-region.tsx';
import { relativeTime } from '../format.ts';

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
      <ScrollRegion label="Table of one-off syncs">
        <table>
          <thead>
            <tr>
              <th scope="col">Tag</th>
              <th scope="col">Next attempt</th>
              <th scope="col">When</th>
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
                <td>
                  {sync.attemptsMade + 1} of {sync.maxAttempts}
                </td>
                <td>{nextAttempt(sync, app, online, now)}</td>
                <td>
                  <OutcomeBadge outcome={sync.lastOutcome} running={sync.firing} />
                  {sync.lastError && <span class="error-text"> {sync.lastError}</span>}
                </td>
                <RunNowCell api={props.api} appId={app.id} tag={sync.tag} kind="one-off" />
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollRegion>
    </section>
  );
}

function nextAttempt(sync: OneOffSyncSummary, app: AppRecord, online: boolean, now: number): string {
  if (app.paused) return 'paused';
  if (sync.firing) return 'running now';
  if (!online && sync.nextDueAt <= now) return 'when the network is back';
  return relativeTime(sync.nextDueAt, now);
}
