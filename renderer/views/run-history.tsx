import { useState } from 'preact/hooks';
import type { RunSummary } from '../../app/host/host-operations.ts';
import { OutcomeBadge } from '../components/outcome.tsx';
import { RelativeTime } from '../components/relative-time.tsx';
import { RunsChart } from '../components/runs-chart.tsx';
import { ScrollRegion } from '../components/scroll-region.tsx';
import { duration } from '../format.ts';

const OUTCOME_FILTERS = [
  { value: 'all', label: 'Any outcome' },
  { value: 'success', label: 'Succeeded' },
  { value: 'failed', label: 'Failed' },
  { value: 'timed-out', label: 'Timed out' },
  { value: 'interrupted', label: 'Interrupted' },
  { value: 'running', label: 'Running' },
] as const;

type OutcomeFilter = (typeof OUTCOME_FILTERS)[number]['value'];

const TRIGGERS: Record<RunSummary['trigger'], string> = {
  scheduled: 'On schedule',
  retry: 'Retry',
  'catch-up': 'Catch-up',
  manual: 'Run now',
};

/**
 * How a run came about: "Retry (attempt 2)" for a periodic run; a one-off sync's always says which attempt
 * of how many, and when it was the last chance (the app was told to give up if it failed).
 */
function triggerText(run: RunSummary): string {
  const trigger = TRIGGERS[run.trigger];
  if (run.kind === 'periodic') return run.attempt > 1 ? `${trigger} (attempt ${run.attempt})` : trigger;
  const last = run.lastChance ? ', last chance' : '';
  return `One-off sync: ${trigger.toLowerCase()} (attempt ${run.attempt} of ${run.maxAttempts ?? '?'}${last})`;
}

function matches(run: RunSummary, tag: string, outcome: OutcomeFilter): boolean {
  if (tag !== '' && run.tag !== tag) return false;
  if (outcome === 'all') return true;
  return outcome === 'running' ? run.outcome === null : run.outcome === outcome;
}

/** What ran: filterable by tag and outcome, as a table and as a chart of durations over time. */
export function RunHistory(props: { runs: RunSummary[]; problem: string | null; tags: string[] }) {
  const [tag, setTag] = useState('');
  const [outcome, setOutcome] = useState<OutcomeFilter>('all');
  const tags = [...new Set([...props.tags, ...props.runs.map((run) => run.tag)])].sort();
  const shown = props.runs.filter((run) => matches(run, tag, outcome));
  const now = Date.now();
  return (
    <section aria-labelledby="runs-heading">
      <h2 id="runs-heading">Run history</h2>
      {props.problem !== null && (
        <p class="field-error" role="alert">
          Could not read the runs: {props.problem}
        </p>
      )}
      {props.runs.length > 0 && (
        <div class="filters">
          <label>
            Tag{' '}
            <select
              value={tag}
              onChange={(event) => setTag((event.currentTarget as HTMLSelectElement).value)}
            >
              <option value="">Every tag</option>
              {tags.map((name) => (
                <option key={name} value={name}>
                  {name}
                </option>
              ))}
            </select>
          </label>
          <label>
            Outcome{' '}
            <select
              value={outcome}
              onChange={(event) =>
                setOutcome((event.currentTarget as HTMLSelectElement).value as OutcomeFilter)
              }
            >
              {OUTCOME_FILTERS.map((entry) => (
                <option key={entry.value} value={entry.value}>
                  {entry.label}
                </option>
              ))}
            </select>
          </label>
          <p class="hint" aria-live="polite">
            {shown.length} of {props.runs.length} runs
          </p>
        </div>
      )}
      {props.runs.length === 0 ? (
        <div class="empty">
          <p>
            <strong>Nothing has run yet.</strong>
          </p>
          <p>
            Runs appear here as the host fires the app's tasks on schedule, or when you choose Run now above.
          </p>
        </div>
      ) : (
        <>
          <RunsChart runs={shown} />
          {shown.length === 0 ? (
            <p class="empty">No run matches these filters.</p>
          ) : (
            <ScrollRegion label="Table of runs">
              <table class="runs-table">
                <thead>
                  <tr>
                    <th scope="col">Started</th>
                    <th scope="col">Tag</th>
                    <th scope="col">Trigger</th>
                    <th scope="col">Outcome</th>
                    <th scope="col">Took</th>
                    <th scope="col">Error</th>
                    <th scope="col">Notifications</th>
                  </tr>
                </thead>
                <tbody>
                  {shown.map((run) => (
                    <tr key={run.id}>
                      <td>
                        <RelativeTime at={run.startedAt} now={now} />
                      </td>
                      <td class="tag">{run.tag}</td>
                      <td>{triggerText(run)}</td>
                      <td>
                        <OutcomeBadge outcome={run.outcome} running={run.outcome === null} />
                      </td>
                      <td>{run.durationMs === null ? '—' : duration(run.durationMs)}</td>
                      <td class="error-text">{run.error ?? ''}</td>
                      <td>
                        <RunNotifications notifications={run.notifications} />
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </ScrollRegion>
          )}
        </>
      )}
    </section>
  );
}

/** The notifications a run's worker showed (or had recorded, muted), as the run's history entry lists them. */
function RunNotifications({ notifications }: { notifications: RunSummary['notifications'] }) {
  if (notifications.length === 0) return null;
  return (
    <ul class="run-notifications">
      {notifications.map((notification) => (
        <li key={notification.id}>
          {notification.title}
          {notification.shown ? '' : ' (recorded only)'}
        </li>
      ))}
    </ul>
  );
}
