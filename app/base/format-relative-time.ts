const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/**
 * When `at` is relative to `now` in one unit, rounded to the nearest: "in 14 min", "3 h ago", "now". A task
 * registered a day out a moment ago reads "in 24 h", not "in 23 h".
 */
export function formatRelativeTime(at: number, now: number): string {
  const distance = Math.abs(at - now);
  if (distance < SECOND / 2) return 'now';
  const amount = inOneUnit(distance);
  return at > now ? `in ${amount}` : `${amount} ago`;
}

/** Each unit, and the distance from which the next one reads better. */
const UNITS: readonly { ms: number; name: string; upTo: number }[] = [
  { ms: SECOND, name: 's', upTo: MINUTE },
  { ms: MINUTE, name: 'min', upTo: HOUR },
  // Hours up to two days read better than "1 d" for something due tomorrow evening.
  { ms: HOUR, name: 'h', upTo: 2 * DAY },
  { ms: DAY, name: 'd', upTo: Number.POSITIVE_INFINITY },
];

function inOneUnit(ms: number): string {
  // The first unit whose rounded count stays below the next unit's start (59.6 s reads "1 min").
  const unit = UNITS.find((candidate) => Math.round(ms / candidate.ms) * candidate.ms < candidate.upTo);
  const chosen = unit ?? (UNITS.at(-1) as (typeof UNITS)[number]);
  return `${Math.round(ms / chosen.ms)} ${chosen.name}`;
}
