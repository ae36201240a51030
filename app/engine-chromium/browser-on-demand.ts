import { type LongTimer, setLongTimeout } from '../base/long-timer.ts';
import { shouldBrowserRun } from '../engine/browser-demand.ts';
import type { BrowserDemand } from '../engine/engine-port.ts';
import type { Logger } from '../logging/logger.ts';
import type { BrowserLifecycle } from './browser-lifecycle.ts';

/**
 * Runs the browser only while something needs it: the core's schedule (`setDemand`), pages open in it,
 * and commands that hold it (`hold`/`release`). Asks `shouldBrowserRun` whenever one of those changes,
 * and at the time a stopped browser must start ahead of the next due event.
 */
export class BrowserOnDemand {
  readonly #lifecycle: BrowserLifecycle;
  readonly #logger: Logger;
  /** Undefined until the core's schedule reports: a host that fires nothing on its own keeps its browser. */
  #demand: BrowserDemand | undefined;
  #holds = 0;
  #openPages = 0;
  #lastUsedAt: number | undefined;
  /** The next event may be a month away: a plain timeout would fire after 1 ms instead (long-timer.ts). */
  #timer: LongTimer | undefined;
  #closed = false;

  constructor(lifecycle: BrowserLifecycle, logger: Logger) {
    this.#lifecycle = lifecycle;
    this.#logger = logger;
    // Back from a restart (or a start): it may be needed by nothing.
    lifecycle.onStateChange((state) => {
      if (state.status !== 'running') return;
      this.#lastUsedAt = Date.now();
      this.#reconsider();
    });
  }

  setDemand(demand: BrowserDemand): void {
    if (demand.eventsInFlight < (this.#demand?.eventsInFlight ?? 0)) this.#lastUsedAt = Date.now();
    this.#demand = demand;
    this.#reconsider();
  }

  /** Keeps the browser running until `release()`, starting it first if it was stopped for being idle. */
  async hold(): Promise<void> {
    this.#holds += 1;
    try {
      await this.#lifecycle.startOnDemand();
    } catch (error) {
      this.release();
      throw error;
    }
  }

  release(): void {
    this.#holds = Math.max(0, this.#holds - 1);
    this.#lastUsedAt = Date.now();
    this.#reconsider();
  }

  /** Runs `work` with the browser held running. */
  async whileRunning<T>(work: () => Promise<T>): Promise<T> {
    await this.hold();
    try {
      return await work();
    } finally {
      this.release();
    }
  }

  /** A page is open in the browser until `closed` settles: it keeps the browser running. */
  pageOpened(closed: Promise<void>): void {
    this.#openPages += 1;
    void closed.then(() => {
      this.#openPages -= 1;
      this.#lastUsedAt = Date.now();
      this.#reconsider();
    });
  }

  close(): void {
    this.#closed = true;
    this.#timer?.cancel();
  }

  #reconsider(): void {
    this.#timer?.cancel();
    this.#timer = undefined;
    const demand = this.#demand;
    if (this.#closed || !demand) return;
    const status = this.#lifecycle.state().status;
    const decision = shouldBrowserRun({
      now: Date.now(),
      ...demand,
      openPages: this.#openPages,
      pendingOps: this.#holds,
      lastUsedAt: this.#lastUsedAt,
      running: status !== 'stopped',
    });
    // A browser restarting or failed belongs to the restart path; it is reconsidered once it runs.
    if (status === 'running' && !decision.run) void this.#lifecycle.stopIdle();
    if (status === 'stopped' && decision.run) {
      this.#lifecycle.startOnDemand().catch((error: unknown) => {
        this.#logger.warn({ error: String(error) }, 'the browser did not start for the next due event');
      });
    }
    if (decision.reconsiderAt !== undefined) {
      this.#timer = setLongTimeout(() => this.#reconsider(), decision.reconsiderAt - Date.now(), {
        unref: true,
      });
    }
  }
}
