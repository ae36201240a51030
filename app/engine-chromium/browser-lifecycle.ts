import type { ChildProcess } from 'node:child_process';
import type { EngineState } from '../engine/engine-port.ts';
import type { Logger } from '../logging/logger.ts';
import type { LaunchedChromium } from './launch-chromium.ts';

/** How long a browser whose pipe closed gets to exit (and say how) before it is ended. */
const EXIT_WAIT_MS = 2000;

/**
 * Waits before each restart in a row (the last one repeats), and how many exits or failed starts within
 * the window put the browser in the `failed` state.
 */
const RESTART_POLICY = {
  delaysMs: [1000, 2000, 4000, 8000, 16_000, 32_000, 60_000],
  failuresBeforeFailed: 5,
  windowMs: 10 * 60_000,
} as const;

export interface BrowserLifecycleOptions {
  /** Starts a browser (and ends anything left on its profile). */
  launch(): Promise<LaunchedChromium>;
  /** Everything the engine needs in place on a fresh browser before it counts as running. */
  setUp(browser: LaunchedChromium): Promise<void>;
  /** The running browser went away: whatever waited on it must fail now. Called before any restart. */
  onLost(): void;
  logger: Logger;
}

/**
 * One browser at a time: launched, set up, watched; brought back with growing waits when it exits, and
 * reported as failed when it keeps exiting (still retried at the longest wait, so it recovers by itself
 * once the cause is gone).
 */
export class BrowserLifecycle {
  readonly #options: BrowserLifecycleOptions;
  readonly #listeners = new Set<(state: EngineState) => void>();
  #state: EngineState = { status: 'running' };
  #current: LaunchedChromium | undefined;
  /** When the browser exited or failed to start, within the policy's window. */
  #failures: number[] = [];
  #restartTimer: NodeJS.Timeout | undefined;
  #bringingUp: Promise<void> | undefined;
  #stopping = false;

  constructor(options: BrowserLifecycleOptions) {
    this.#options = options;
  }

  /** The running browser, if one runs now. */
  get current(): LaunchedChromium | undefined {
    return this.#current;
  }

  state(): EngineState {
    return this.#state;
  }

  onStateChange(listener: (state: EngineState) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** The first start: a browser that cannot start at all is the caller's error to report. */
  async start(): Promise<void> {
    await this.#bringUp();
  }

  async stop(): Promise<void> {
    this.#stopping = true;
    clearTimeout(this.#restartTimer);
    await this.#bringingUp?.catch(() => {});
    const browser = this.#current;
    this.#current = undefined;
    await browser?.kill();
  }

  #bringUp(): Promise<void> {
    const bringingUp = (async () => {
      const browser = await this.#options.launch();
      try {
        if (this.#stopping) throw new Error('the host is stopping');
        await this.#options.setUp(browser);
        if (browser.process.exitCode !== null || browser.process.signalCode !== null)
          throw new Error(`it ${describeExit(browser)} while being set up`);
        if (this.#stopping) throw new Error('the host is stopping');
      } catch (error) {
        await browser.kill();
        throw error;
      }
      this.#current = browser;
      // Whichever comes first: the pipe closing (what the browser ran will never report back) or the exit.
      void browser.connection.closed.then(() => this.#onLost(browser));
      browser.process.once('exit', () => this.#onLost(browser));
      this.#setState({ status: 'running' });
    })();
    this.#bringingUp = bringingUp;
    return bringingUp.finally(() => {
      if (this.#bringingUp === bringingUp) this.#bringingUp = undefined;
    });
  }

  /** The running browser went away: what waited on it fails now; it restarts once its exit is known. */
  #onLost(browser: LaunchedChromium): void {
    if (this.#stopping || browser !== this.#current) return;
    this.#current = undefined;
    const failures = this.#recordFailure();
    this.#setState(this.#stateAfter(failures, 'Chromium went away'));
    this.#options.onLost();
    void exited(browser.process, EXIT_WAIT_MS).then(async () => {
      const reason = `Chromium ${describeExit(browser)}`;
      this.#options.logger.error({ reason }, 'Chromium went away');
      await browser.kill(); // its renderers and helpers, which may outlive it
      if (this.#stopping) return;
      this.#setState(this.#stateAfter(failures, reason));
      this.#scheduleRestart(failures);
    });
  }

  #restartLater(reason: string): void {
    const failures = this.#recordFailure();
    this.#setState(this.#stateAfter(failures, reason));
    this.#scheduleRestart(failures);
  }

  /** Counts one more exit or failed start; returns how many fall within the policy's window. */
  #recordFailure(): number {
    const now = Date.now();
    this.#failures = [...this.#failures.filter((at) => now - at < RESTART_POLICY.windowMs), now];
    return this.#failures.length;
  }

  #isFailed(failures: number): boolean {
    return failures >= RESTART_POLICY.failuresBeforeFailed;
  }

  #delayAfter(failures: number): number {
    const { delaysMs } = RESTART_POLICY;
    // Once failed, the longest wait: a browser that keeps dying must not keep the machine busy.
    const index = this.#isFailed(failures) ? delaysMs.length - 1 : Math.min(failures, delaysMs.length) - 1;
    return delaysMs[index] ?? 1000;
  }

  #stateAfter(failures: number, reason: string): EngineState {
    if (!this.#isFailed(failures)) return { status: 'restarting', attempt: failures, reason };
    const window = Math.round(RESTART_POLICY.windowMs / 60_000);
    return {
      status: 'failed',
      reason:
        `the browser exited ${failures} times within ${window} min (last: ${reason}); trying again every ` +
        `${Math.round(this.#delayAfter(failures) / 1000)} s. The host's log (pwa-host.log) says more.`,
    };
  }

  #scheduleRestart(failures: number): void {
    const delayMs = this.#delayAfter(failures);
    this.#options.logger.warn({ attempt: failures, delayMs }, 'restarting Chromium');
    this.#restartTimer = setTimeout(() => void this.#restart(), delayMs);
  }

  async #restart(): Promise<void> {
    this.#restartTimer = undefined;
    if (this.#stopping) return;
    try {
      await this.#bringUp();
      this.#options.logger.info({ browserPid: this.#current?.process.pid }, 'Chromium restarted');
    } catch (error) {
      if (this.#stopping) return;
      const message = error instanceof Error ? error.message : String(error);
      this.#options.logger.error({ error: message }, 'Chromium did not restart');
      this.#restartLater(`it did not start again: ${message.split('\n')[0]}`);
    }
  }

  #setState(state: EngineState): void {
    this.#state = state;
    for (const listener of [...this.#listeners]) listener(state);
  }
}

function describeExit(browser: LaunchedChromium): string {
  const { signalCode, exitCode } = browser.process;
  if (signalCode !== null) return `exited with ${signalCode}`;
  if (exitCode !== null) return `exited with code ${exitCode}`;
  return 'closed its DevTools pipe without exiting';
}

function exited(child: ChildProcess, timeoutMs: number): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, timeoutMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}
