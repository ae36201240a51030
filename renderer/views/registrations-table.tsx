import { useState } from 'preact/hooks';
import type { HostApi } from '../../app/host/host-api.ts';
import type { AppRecord, RunSummary, SyncSummary } from '../../app/host/host-operations.ts';
import { OutcomeBadge, outcomeLabel } from '../components/outcome.tsx';
import { ScrollRegion } from '../components/scroll-region.tsx';
import { errorMessage } from '../error-message.ts';
import { duration, interval, relativeTime } from '../format.ts';

type RunNow = { kind: 'running' } | { kind: 'done'; run: RunSummary } | { kind: 'failed'; message: string };

export function RegistrationsTable(props: {
  api: HostApi;
  app: AppRecord;
  syncs: SyncSummary[];
  now: number;
}) {
  const { app, syncs, now } = props;
  const [runNow, setRunNow] = useState<Record<string, RunNow>>({});
  const run = async (tag: string) => {
    setRunNow((previous) => ({ ...previous, [tag]: { kind: 'running' } }));
    let result: RunNow;
    try {
      result = { kind: 'done', run: await props.api.run({ app: app.id, tag }) };
    } catch (error) {
      result = { kind: 'failed', message: errorMessage(error) };
    }
    setRunNow((previous) => ({ ...previous, [tag]: result }));
  };
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
              {syncs.map((sync) => {
                const state = runNow[sync.tag];
                return (
                  <tr key={sync.scope + sync.tag}>
                    <th scope="row" class="tag">
                      {sync.tag}
                    </th>
                    <td>{interval(sync.minIntervalMs)}</td>
                    <td>{interval(sync.effectiveIntervalMs)}</td>
                    <td>
                      {app.paused
                        ? 'paused'
                        : sync.firing
                          ? 'running now'
                          : relativeTime(sync.nextDueAt, now)}
                    </td>
                    <td>
                      <OutcomeBadge outcome={sync.lastOutcome} running={sync.firing} />
                    </td>
                    <td class="run-now">
                      <button
                        type="button"
                        onClick={() => run(sync.tag)}
                        disabled={state?.kind === 'running'}
                      >
                        {state?.kind === 'running' ? 'Running…' : 'Run now'}
                        <span class="visually-hidden"> {sync.tag}</span>
                      </button>
                      <span class="run-now-result" role="status">
                        {state?.kind === 'done' &&
                          `${outcomeLabel(state.run.outcome)}${state.run.durationMs === null ? '' : ` in ${duration(state.run.durationMs)}`}${state.run.error ? `: ${state.run.error}` : ''}`}
                        {state?.kind === 'failed' && `Could not run: ${state.message}`}
                      </span>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </ScrollRegion>
      )}
    </section>
  );
}
