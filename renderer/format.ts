/** How the page writes times and durations: short, for people, in the page's own locale where it matters. */

const UNITS: [limit: number, size: number, unit: string][] = [
  [60_000, 1000, 's'],
  [3_600_000, 60_000, 'min'],
  [86_400_000, 3_600_000, 'h'],
  [Number.POSITIVE_INFINITY, 86_400_000, 'd'],
];

/** "in 5 min", "3 h ago", "now". */
export function relativeTime(at: number, now: number): string {
  const delta = at - now;
  const size = Math.abs(delta);
  if (size < 1000) return 'now';
  const [, unitSize, unit] =
    UNITS.find(([limit]) => size < limit) ?? (UNITS.at(-1) as (typeof UNITS)[number]);
  const amount = Math.round(size / unitSize);
  return delta > 0 ? `in ${amount} ${unit}` : `${amount} ${unit} ago`;
}

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
