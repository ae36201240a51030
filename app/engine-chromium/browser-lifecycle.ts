import type { ChildProcess } from 'node:child_process';
import { TypedEmitter } from '../base/typed-emitter.ts';
import { withTimeout } from '../base/wait.ts';
import { browserUnavailable, describeEngineState, type EngineState } from '../engine/engine-port.ts';
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
  /**
   * The running browser went away (or was stopped for being idle): whatever waited on it must fail now.
   * Called before any restart.
   */
  onLost(): void;
  logger: Logger;
}

/**
 * One browser at a time: launched, set up, watched; brought back with growing waits when it exits, and
 * reported as failed when it keeps exiting (still retried at the longest wait, so it recovers by itself
 * once the cause is gone). It can also be stopped on purpose while nothing needs it (`stopIdle`) and
 * started again on demand: that stop is no exit, counts toward no failure and schedules no restart.
 */
export class BrowserLifecycle {
  readonly #options: BrowserLifecycleOptions;
  readonly #events: TypedEmitter<{ state: EngineState }>;
  #state: EngineState = { status: 'running' };
  #current: LaunchedChromium | undefined;
  /** When the browser exited or failed to start, within the policy's window. */
  #failures: number[] = [];
  #restartTimer: NodeJS.Timeout | undefined;
  #bringingUp: Promise<void> | undefined;
  /** An on-demand start under way, which callers arriving meanwhile wait for. */
  #startingOnDemand: Promise<void> | undefined;
  /** An idle stop under way: the next start waits for the old browser to be gone from the profile. */
  #stoppingIdle: Promise<void> | undefined;
  #stopping = false;

  constructor(options: BrowserLifecycleOptions) {
    this.#options = options;
    this.#events = new TypedEmitter((error) =>
      options.logger.error({ error: String(error) }, 'a browser state listener failed'),
    );
  }

  /** The running browser, if one runs now. */
  get current(): LaunchedChromium | undefined {
    return this.#current;
  }

  state(): EngineState {
    return this.#state;
  }

  onStateChange(listener: (state: EngineState) => void): () => void {
    return this.#events.on('state', listener);
  }

  /** The first start: a browser that cannot start at all is the caller's error to report. */
  async start(): Promise<void> {
    await this.#bringUp();
  }

  /**
   * Starts a browser stopped for being idle (or waits for the start under way); resolves once it runs.
   * A browser that is restarting or failed is the restart path's: this refuses with its state. A start
   * that fails goes to that path too (it counts as a failure, and the restart retries with backoff).
   */
  async startOnDemand(): Promise<void> {
    if (this.#stopping) throw browserUnavailable('the host is stopping');
    if (this.#state.status === 'running' && this.#current) return;
    if (this.#state.status === 'starting' && this.#startingOnDemand) return this.#startingOnDemand;
    if (this.#state.status !== 'stopped') throw browserUnavailable(describeEngineState(this.#state));
    const starting = this.#startOnDemand(); // waits first: the state below is set before it goes on
    this.#startingOnDemand = starting;
    this.#setState({ status: 'starting' });
    return starting.finally(() => {
      if (this.#startingOnDemand === starting) this.#startingOnDemand = undefined;
    });
  }

  async #startOnDemand(): Promise<void> {
    await this.#stoppingIdle;
    const startedAt = performance.now();
    try {
      await this.#bringUp();
      const startMs = Math.round(performance.now() - startedAt);
      this.#options.logger.info(
        { browserPid: this.#current?.process.pid, startMs },
        'Chromium started on demand',
      );
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      if (this.#stopping) throw browserUnavailable('the host is stopping');
      this.#options.logger.error({ error: message }, 'Chromium did not start on demand');
      this.#restartLater(`it did not start: ${message.split('\n')[0]}`);
      throw browserUnavailable(describeEngineState(this.#state));
    }
  }

  /**
   * Stops the running browser because nothing needs it. Not an exit: no failure is counted and no restart
   * follows; `startOnDemand` brings it back. Does nothing unless the browser is running and settled.
   */
  async stopIdle(): Promise<void> {
    const browser = this.#current;
    if (this.#stopping || !browser || this.#state.status !== 'running') return;
    this.#current = undefined; // first: its exit is then no loss (#onLost ignores a browser not current)
    const killed = browser.kill();
    this.#stoppingIdle = killed;
    void killed.finally(() => {
      if (this.#stoppingIdle === killed) this.#stoppingIdle = undefined;
    });
    this.#options.onLost();
    this.#options.logger.info({ browserPid: browser.process.pid }, 'Chromium stopped: nothing needs it');
    this.#setState({ status: 'stopped', reason: 'idle' });
    await killed;
  }

  async stop(): Promise<void> {
    this.#stopping = true;
    clearTimeout(this.#restartTimer);
    await this.#bringingUp?.catch(() => {});
    await this.#stoppingIdle;
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
    this.#events.emit('state', state);
  }
}

function describeExit(browser: LaunchedChromium): string {
  const { signalCode, exitCode } = browser.process;
  if (signalCode !== null) return `exited with ${signalCode}`;
  if (exitCode !== null) return `exited with code ${exitCode}`;
  return 'closed its DevTools pipe without exiting';
}

/** Resolves once `child` exited, or after `timeoutMs` all the same. */
async function exited(child: ChildProcess, timeoutMs: number): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  await withTimeout(
    new Promise<void>((resolve) => child.once('exit', () => resolve())),
    timeoutMs,
    () => undefined,
  );
}
