/** How the page writes times and durations: short, for people, in the page's own locale where it matters. */

/** "in 5 min", "3 h ago", "now": the same words as the command line. */
export { formatRelativeTime as relativeTime } from '../app/base/format-relative-time.ts';

/** An interval as a setting would write it: "15 min", "1 d", "5 s", "250 ms". */
export function interval(ms: number): string {
  if (ms === 0) return '0';
  for (const [size, unit] of [
    [86_400_000, 'd'],
    [3_600_000, 'h'],
    [60_000, 'min'],
    [1000, 's'],
  ] as const) {
    if (ms >= size && ms % size === 0) return `${ms / size} ${unit}`;
  }
  return ms >= 1000 ? `${(ms / 1000).toFixed(1)} s` : `${ms} ms`;
}

/** A run's duration: "12 ms", "1.4 s", "2 min 3 s". */
export function duration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  return `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`;
}

export function dateTime(at: number): string {
  return new Date(at).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'medium' });
}
