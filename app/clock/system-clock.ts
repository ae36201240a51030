import { performance } from 'node:perf_hooks';
import schedule from 'node-schedule';
import type { Clock, Timer } from './clock.ts';

/** The real clock: wall time from Date, due times through node-schedule (no polling between them). */
export const systemClock: Clock = {
  now: () => Date.now(),
  monotonic: () => performance.now(),
  setTimer(at: number, callback: () => void): Timer {
    if (at <= Date.now()) {
      const immediate = setImmediate(callback);
      return { cancel: () => clearImmediate(immediate) };
    }
    const job = schedule.scheduleJob(new Date(at), callback);
    return { cancel: () => job.cancel() };
  },
};
