import { dateTime, relativeTime } from '../format.ts';

/** A moment as people read it ("2 min ago"), with the exact date and time for machines and on hover. */
export function RelativeTime({ at, now }: { at: number; now: number }) {
  return (
    <time dateTime={new Date(at).toISOString()} title={dateTime(at)}>
      {relativeTime(at, now)}
    </time>
  );
}
