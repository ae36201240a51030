const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** A span of time with at most two units, e.g. "850 ms", "1.5 s", "15 min", "1 h 30 min", "2 d 4 h". */
export function formatDuration(ms: number): string {
  if (ms < SECOND) return `${Math.round(ms)} ms`;
  if (ms < 10 * SECOND) return `${Math.floor(ms / 100) / 10} s`;
  if (ms < MINUTE) return `${Math.floor(ms / SECOND)} s`;
  if (ms < HOUR) return twoUnits(ms, MINUTE, 'min', SECOND, 's');
  if (ms < DAY) return twoUnits(ms, HOUR, 'h', MINUTE, 'min');
  return twoUnits(ms, DAY, 'd', HOUR, 'h');
}

function twoUnits(ms: number, big: number, bigName: string, small: number, smallName: string): string {
  const bigCount = Math.floor(ms / big);
  const smallCount = Math.floor((ms % big) / small);
  return smallCount === 0 ? `${bigCount} ${bigName}` : `${bigCount} ${bigName} ${smallCount} ${smallName}`;
}
