import type { RunRecord } from '../../app/host/host-operations.ts';

type Outcome = RunRecord['outcome'];

const LABELS: Record<NonNullable<Outcome>, string> = {
  success: 'Succeeded',
  failed: 'Failed',
  'timed-out': 'Timed out',
  interrupted: 'Interrupted',
};

export function outcomeLabel(outcome: Outcome, running = false): string {
  if (outcome === null) return running ? 'Running' : 'Never run';
  return LABELS[outcome];
}

/** An outcome as text and colour (the text alone says it: colour is never the only signal). */
export function OutcomeBadge({ outcome, running = false }: { outcome: Outcome; running?: boolean }) {
  const kind = outcome === null ? (running ? 'running' : 'none') : outcome;
  return <span class={`badge badge-${kind}`}>{outcomeLabel(outcome, running)}</span>;
}
