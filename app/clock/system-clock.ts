import { performance } from 'node:perf_hooks';
import schedule from 'node-schedule';
import type { Clock, Timer } from './clock.ts';

/**
 * Timers wake this long before their time and spend the rest in setImmediate turns: a plain timer fires
 * up to a millisecond or two late (millisecond timer granularity and the event loop's cached clock).
 */
const LEAD_MS = 2;

/** The real clock: wall time from Date, due times through node-schedule (no polling between them). */
export const systemClock: Clock = {
  now: () => Date.now(),
  monotonic: () => performance.now(),
  setTimer(at: number, callback: () => void): Timer {
    let cancelled = false;
    let immediate: NodeJS.Immediate | undefined;
    const fireWhenDue = () => {
      if (cancelled) return;
      if (Date.now() >= at) callback();
      else immediate = setImmediate(fireWhenDue);
    };
    const job =
      at - LEAD_MS > Date.now() ? schedule.scheduleJob(new Date(at - LEAD_MS), fireWhenDue) : undefined;
    if (!job) immediate = setImmediate(fireWhenDue);
    return {
      cancel() {
        cancelled = true;
        job?.cancel();
        if (immediate) clearImmediate(immediate);
      },
    };
  },
};
