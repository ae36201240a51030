import { useEffect, useRef } from 'preact/hooks';
import uPlot from 'uplot';
import type { RunSummary } from '../../app/host/host-operations.ts';
import { outcomeLabel } from './outcome.tsx';

const OUTCOMES = ['success', 'failed', 'timed-out', 'interrupted'] as const;
type FinishedOutcome = (typeof OUTCOMES)[number];

/** The chart's colours come from the page's style sheet, so they follow light and dark. */
function colour(name: string): string {
  return getComputedStyle(document.documentElement).getPropertyValue(name).trim() || 'currentColor';
}

/** Finished runs as points: when they started (x), how long they took (y), one series per outcome. */
function chartData(runs: readonly RunSummary[]): uPlot.AlignedData {
  const finished = runs
    .filter((run) => run.outcome !== null && run.durationMs !== null)
    .sort((a, b) => a.startedAt - b.startedAt);
  const xs = finished.map((run) => run.startedAt / 1000);
  const series = OUTCOMES.map((outcome) =>
    finished.map((run) => (run.outcome === outcome ? (run.durationMs as number) : null)),
  );
  return [xs, ...series];
}

/** The time axis: the runs' span with a margin, and at least a minute either side of a lone run. */
function timeRange(xs: ArrayLike<number>): uPlot.Range.MinMax {
  const first = xs[0] ?? Date.now() / 1000;
  const last = xs[xs.length - 1] ?? first;
  const margin = Math.max(60, (last - first) * 0.05);
  return [first - margin, last + margin];
}

function describe(runs: readonly RunSummary[]): string {
  const counts = OUTCOMES.map(
    (outcome) => [outcome, runs.filter((run) => run.outcome === outcome).length] as const,
  )
    .filter(([, count]) => count > 0)
    .map(([outcome, count]) => `${count} ${outcomeLabel(outcome).toLowerCase()}`);
  const durations = runs.flatMap((run) => (run.durationMs === null ? [] : [run.durationMs]));
  const longest = durations.length > 0 ? `, the longest took ${Math.max(...durations)} ms` : '';
  return counts.length === 0
    ? 'No finished runs to chart.'
    : `Runs over time: ${counts.join(', ')}${longest}.`;
}

/** Durations and outcomes over time, drawn with uPlot; the table below says the same in text. */
export function RunsChart({ runs }: { runs: readonly RunSummary[] }) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const element = box.current;
    if (!element) return;
    const data = chartData(runs);
    const scheme = matchMedia('(prefers-color-scheme: dark)');
    let plot: uPlot | undefined;
    const draw = () => {
      plot?.destroy();
      const axis = {
        stroke: colour('--text-muted'),
        grid: { stroke: colour('--border'), width: 1 },
        ticks: { stroke: colour('--border') },
      };
      const point = (outcome: FinishedOutcome): uPlot.Series => ({
        label: outcomeLabel(outcome),
        stroke: colour(`--chart-${outcome}`),
        fill: colour(`--chart-${outcome}`),
        paths: () => null,
        points: { show: true, size: 8, fill: colour(`--chart-${outcome}`) },
      });
      plot = new uPlot(
        {
          width: Math.max(240, element.clientWidth),
          height: 220,
          legend: { show: false },
          cursor: { show: false },
          scales: {
            // Runs a moment apart still get a readable time axis: at least a minute either side.
            x: { time: true, range: timeRange(data[0]) },
            y: { range: (_u, _min, max) => [0, Math.max(10, max * 1.15)] },
          },
          axes: [{ ...axis }, { ...axis, label: 'duration (ms)', labelSize: 18, size: 56 }],
          series: [{}, ...OUTCOMES.map(point)],
        },
        data,
        element,
      );
    };
    draw();
    const resized = new ResizeObserver(() => {
      if (plot && Math.abs(plot.width - element.clientWidth) > 4)
        plot.setSize({ width: Math.max(240, element.clientWidth), height: 220 });
    });
    resized.observe(element);
    scheme.addEventListener('change', draw);
    return () => {
      resized.disconnect();
      scheme.removeEventListener('change', draw);
      plot?.destroy();
    };
  }, [runs]);
  const description = describe(runs);
  return (
    <figure class="chart">
      <div ref={box} class="chart-box" role="img" aria-label={description} />
      <figcaption>
        <span class="visually-hidden">{description} </span>
        <span aria-hidden="true" class="legend">
          {OUTCOMES.map((outcome) => (
            <span key={outcome} class="legend-item">
              <span class={`legend-dot legend-${outcome}`} />
              {outcomeLabel(outcome)}
            </span>
          ))}
        </span>
        <span class="hint"> Each point is a run: when it started, and how long it took.</span>
      </figcaption>
    </figure>
  );
}
