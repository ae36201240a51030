import { performance } from 'node:perf_hooks';
import schedule from 'node-schedule';
import type { Clock, Timer } from './clock.ts';

/**
 * Timers wake this long before their time and spend the rest in setImmediate turns: a plain timer fires
 * up to a millisecond or two late (millisecond timer granularity and the event loop's cached clock).
 */
const LEAD_MS = 2;

/**
 * Timers due within this wait on a plain timeout; node-schedule keeps those further out (the schedule's
 * wake-ups, hours apart). node-schedule reads a Date job as a cron expression first and fails over to a
 * date (an exception and a time-zone-aware date per job), which cost ~0.1 ms on the path from "due" to
 * the handler for a timer due within minutes (an event's time limit, set as the event fires).
 */
const SHORT_TIMER_MS = 10 * 60_000;

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
    const waitMs = at - LEAD_MS - Date.now();
    let stopWaiting = () => {};
    if (waitMs <= 0) {
      immediate = setImmediate(fireWhenDue);
    } else if (waitMs <= SHORT_TIMER_MS) {
      const timeout = setTimeout(fireWhenDue, waitMs);
      stopWaiting = () => clearTimeout(timeout);
    } else {
      const job = schedule.scheduleJob(new Date(at - LEAD_MS), fireWhenDue);
      stopWaiting = () => job?.cancel();
    }
    return {
      cancel() {
        cancelled = true;
        stopWaiting();
        if (immediate) clearImmediate(immediate);
      },
    };
  },
};
