const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** When `at` is relative to `now` in one rounded-down unit: "in 14 min", "3 h ago", "now". */
export function formatRelativeTime(at: number, now: number): string {
  const distance = Math.abs(at - now);
  if (distance < SECOND) return 'now';
  const amount = inOneUnit(distance);
  return at > now ? `in ${amount}` : `${amount} ago`;
}

function inOneUnit(ms: number): string {
  if (ms < MINUTE) return `${Math.floor(ms / SECOND)} s`;
  if (ms < HOUR) return `${Math.floor(ms / MINUTE)} min`;
  // Hours up to two days read better than "1 d" for something due tomorrow evening.
  if (ms < 2 * DAY) return `${Math.floor(ms / HOUR)} h`;
  return `${Math.floor(ms / DAY)} d`;
}
