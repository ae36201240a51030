import { performance } from 'node:perf_hooks';
import { setLongTimeout } from '../base/long-timer.ts';
import type { Clock, Timer } from './clock.ts';

/**
 * Timers wake this long before their time and spend the rest in setImmediate turns: a plain timer fires
 * up to a millisecond or two late (millisecond timer granularity and the event loop's cached clock).
 */
const LEAD_MS = 2;

/**
 * The real clock: wall time from Date, due times through one Node timer each (chained past the 2^31 ms a
 * timer holds), no polling between them. Not node-schedule: a Date job there is parsed as a cron
 * expression first and placed in a time zone through luxon and Intl, which cost an idle host about 15 MiB
 * (the libraries, ICU's time-zone data) and ~0.1 ms on the way from "due" to the handler; a wall-clock
 * jump is the resume sources' business either way (app/power/).
 */
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
    } else {
      const timer = setLongTimeout(fireWhenDue, waitMs);
      stopWaiting = () => timer.cancel();
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
