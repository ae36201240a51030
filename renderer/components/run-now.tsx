import { useState } from 'preact/hooks';
import type { HostApi } from '../../app/host/host-api.ts';
import type { RunSummary, SyncKind } from '../../app/host/host-operations.ts';
import { errorMessage } from '../error-message.ts';
import { duration } from '../format.ts';
import { outcomeLabel } from './outcome.tsx';

type RunNow = { kind: 'running' } | { kind: 'done'; run: RunSummary } | { kind: 'failed'; message: string };

/** "Run now" for one periodic registration or pending one-off sync, with its outcome beside the button. */
export function RunNowCell(props: { api: HostApi; appId: string; tag: string; kind: SyncKind }) {
  const [state, setState] = useState<RunNow | undefined>(undefined);
  const run = async () => {
    setState({ kind: 'running' });
    try {
      setState({
        kind: 'done',
        run: await props.api.run({ app: props.appId, tag: props.tag, kind: props.kind }),
      });
    } catch (error) {
      setState({ kind: 'failed', message: errorMessage(error) });
    }
  };
  return (
    <td class="run-now">
      <button type="button" onClick={run} disabled={state?.kind === 'running'}>
        {state?.kind === 'running' ? 'Running…' : 'Run now'}
        <span class="visually-hidden"> {props.tag}</span>
      </button>
      <span class="run-now-result" role="status">
        {state?.kind === 'done' &&
          `${outcomeLabel(state.run.outcome)}${state.run.durationMs === null ? '' : ` in ${duration(state.run.durationMs)}`}${state.run.error ? `: ${state.run.error}` : ''}`}
        {state?.kind === 'failed' && `Could not run: ${state.message}`}
      </span>
    </td>
  );
}
