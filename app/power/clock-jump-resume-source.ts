import { performance } from 'node:perf_hooks';
import { ResumeListeners, type ResumeSource } from './resume-source.ts';

export interface ClockJumpOptions {
  /** How often to compare the wall clock with steady time. */
  checkEveryMs?: number;
  /** A difference larger than this is a suspend or a clock change. */
  toleranceMs?: number;
  now?: () => number;
  steady?: () => number;
}

/**
 * Where the OS offers no sleep events: every 30 s (one cheap comparison, on an unref'd timer) check whether
 * the wall clock moved differently from steady time, which is what a suspend or a clock change looks like.
 */
export class ClockJumpResumeSource implements ResumeSource {
  readonly kind = 'clock-jump check';
  readonly #listeners = new ResumeListeners();
  readonly #timer: NodeJS.Timeout;
  readonly #now: () => number;
  readonly #steady: () => number;
  readonly #toleranceMs: number;
  #last: { wall: number; steady: number };

  constructor(options: ClockJumpOptions = {}) {
    this.#now = options.now ?? Date.now;
    this.#steady = options.steady ?? (() => performance.now());
    this.#toleranceMs = options.toleranceMs ?? 5000;
    this.#last = { wall: this.#now(), steady: this.#steady() };
    this.#timer = setInterval(() => this.check(), options.checkEveryMs ?? 30_000);
    this.#timer.unref();
  }

  /** Compares the clocks now (the timer calls this; tests may too). */
  check(): void {
    const current = { wall: this.#now(), steady: this.#steady() };
    const jump = current.wall - this.#last.wall - (current.steady - this.#last.steady);
    this.#last = current;
    if (Math.abs(jump) > this.#toleranceMs) this.#listeners.notify();
  }

  onResume(listener: () => void): () => void {
    return this.#listeners.add(listener);
  }

  close(): void {
    clearInterval(this.#timer);
    this.#listeners.clear();
  }
}
