import type { ComponentChildren } from 'preact';
import type { HostApi } from '../../app/host/host-api.ts';
import type { AppRecord, SyncSummary } from '../../app/host/host-operations.ts';
import { relativeTime } from '../format.ts';
import { OutcomeBadge } from './outcome.tsx';
import { RunNowCell } from './run-now.tsx';
import { ScrollRegion } from './scroll-region.tsx';

/** A column a kind of sync adds between the tag and the last outcome. */
export interface SyncColumn<T extends SyncSummary> {
  heading: string;
  cell: (sync: T) => ComponentChildren;
}

/**
 * An app's syncs of one kind, one row each: the tag, the kind's own columns, the last outcome (with the
 * error of a one-off sync's last attempt) and "Run now".
 */
export function SyncTable<T extends SyncSummary>(props: {
  api: HostApi;
  app: AppRecord;
  label: string;
  syncs: T[];
  columns: SyncColumn<T>[];
}) {
  const { api, app, columns } = props;
  return (
    <ScrollRegion label={props.label}>
      <table>
        <thead>
          <tr>
            <th scope="col">Tag</th>
            {columns.map((column) => (
              <th key={column.heading} scope="col">
                {column.heading}
              </th>
            ))}
            <th scope="col">Last outcome</th>
            <th scope="col">
              <span class="visually-hidden">Run now</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {props.syncs.map((sync) => (
            <tr key={sync.scope + sync.tag}>
              <th scope="row" class="tag">
                {sync.tag}
              </th>
              {columns.map((column) => (
                <td key={column.heading}>{column.cell(sync)}</td>
              ))}
              <td>
                <OutcomeBadge outcome={sync.lastOutcome} running={sync.firing} />
                {lastError(sync) && <span class="error-text"> {lastError(sync)}</span>}
              </td>
              <RunNowCell api={api} appId={app.id} tag={sync.tag} kind={sync.kind} />
            </tr>
          ))}
        </tbody>
      </table>
    </ScrollRegion>
  );
}

function lastError(sync: SyncSummary): string | null {
  return sync.kind === 'one-off' ? sync.lastError : null;
}

/** When a sync fires next: 'paused', 'running now', or how far off its due time is. */
export function nextRun(sync: SyncSummary, app: AppRecord, now: number): string {
  if (app.paused) return 'paused';
  if (sync.firing) return 'running now';
  return relativeTime(sync.nextDueAt, now);
}
