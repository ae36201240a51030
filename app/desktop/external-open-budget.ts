/**
 * How many URLs one app (or the manager window) may hand to the default browser, or app windows it may
 * open, in a short time. The shell's `setWindowOpenHandler` and `will-navigate` are not told whether a
 * click asked for the open (electron.d.ts: url, frame name, features, disposition, referrer), and we do not
 * rely on a popup blocker we could not run, so without a budget a page could loop `window.open(…)` or
 * `location = 'https://…'` and flood the person's browser or desktop. A few in a burst covers every real
 * click; the rest are refused and logged.
 */
export const EXTERNAL_OPENS_PER_BURST = 3;
export const EXTERNAL_OPEN_BURST_MS = 10_000;

export class ExternalOpenBudget {
  readonly #now: () => number;
  readonly #limit: number;
  readonly #periodMs: number;
  /** When each key's recent opens happened, oldest first. */
  readonly #opened = new Map<string, number[]>();

  constructor(now: () => number, limit = EXTERNAL_OPENS_PER_BURST, periodMs = EXTERNAL_OPEN_BURST_MS) {
    this.#now = now;
    this.#limit = limit;
    this.#periodMs = periodMs;
  }

  /** Whether `key` may open one more URL now (and counts it if so). */
  take(key: string): boolean {
    const now = this.#now();
    const recent = (this.#opened.get(key) ?? []).filter((at) => now - at < this.#periodMs && at <= now);
    if (recent.length >= this.#limit) {
      this.#opened.set(key, recent);
      return false;
    }
    recent.push(now);
    this.#opened.set(key, recent);
    return true;
  }
}
