import type { Clock, Timer } from '../../app/clock/clock.ts';
import { settle } from './settle.ts';

interface PendingTimer {
  /** Steady time at which it fires: like setTimeout, a timer counts steady time, not wall time. */
  steadyAt: number;
  seq: number;
  callback: () => void;
  cancelled: boolean;
}

/** A clock that moves only when the test says so, firing due timers in order. */
export class ManualClock implements Clock {
  #wall: number;
  #steady = 0;
  #seq = 0;
  #timers: PendingTimer[] = [];

  constructor(start = Date.UTC(2026, 0, 1)) {
    this.#wall = start;
  }

  now(): number {
    return this.#wall;
  }

  monotonic(): number {
    return this.#steady;
  }

  setTimer(at: number, callback: () => void): Timer {
    const timer: PendingTimer = {
      steadyAt: this.#steady + (at - this.#wall),
      seq: this.#seq++,
      callback,
      cancelled: false,
    };
    this.#timers.push(timer);
    return {
      cancel: () => {
        timer.cancelled = true;
      },
    };
  }

  get pendingTimers(): number {
    return this.#timers.filter((timer) => !timer.cancelled).length;
  }

  /** Moves time forward by `ms`, stopping at each due timer and letting async work run after it. */
  async advance(ms: number): Promise<void> {
    const target = this.#steady + ms;
    await settle();
    for (;;) {
      const next = this.#nextTimer();
      if (!next || next.steadyAt > target) break;
      this.#moveSteadyTo(Math.max(next.steadyAt, this.#steady));
      next.cancelled = true;
      next.callback();
      await settle();
    }
    this.#moveSteadyTo(target);
    await settle();
  }

  /** Moves only the wall clock, as a user changing the time or a suspend would (timers are not run). */
  jumpWallClock(ms: number): void {
    this.#wall += ms;
  }

  #moveSteadyTo(steady: number): void {
    this.#wall += steady - this.#steady;
    this.#steady = steady;
  }

  #nextTimer(): PendingTimer | undefined {
    this.#timers = this.#timers.filter((timer) => !timer.cancelled);
    return this.#timers.reduce<PendingTimer | undefined>(
      (earliest, timer) =>
        !earliest ||
        timer.steadyAt < earliest.steadyAt ||
        (timer.steadyAt === earliest.steadyAt && timer.seq < earliest.seq)
          ? timer
          : earliest,
      undefined,
    );
  }
}
