import type { EngineState } from '../engine/engine-port.ts';
import type { Logger } from '../logging/logger.ts';
import type { LaunchedChromium } from './launch-chromium.ts';

export interface RestartPolicy {
  /** Waits before each restart in a row; the last one repeats. */
  delaysMs: readonly number[];
  /** This many exits (or failed starts) within `windowMs` put the browser in the `failed` state. */
  failuresBeforeFailed: number;
  windowMs: number;
}

export const DEFAULT_RESTART_POLICY: RestartPolicy = {
  delaysMs: [1000, 2000, 4000, 8000, 16_000, 32_000, 60_000],
  failuresBeforeFailed: 5,
  windowMs: 10 * 60_000,
};

export interface BrowserLifecycleOptions {
  /** Starts a browser (and ends anything left on its profile). */
  launch(): Promise<LaunchedChromium>;
  /** Everything the engine needs in place on a fresh browser before it counts as running. */
  setUp(browser: LaunchedChromium): Promise<void>;
  /** The running browser went away: whatever waited on it must fail now. Called before any restart. */
  onLost(reason: string): void;
  logger: Logger;
  policy?: RestartPolicy;
}

/**
 * One browser at a time: launched, set up, watched; brought back with growing waits when it exits, and
 * reported as failed when it keeps exiting (still retried at the longest wait, so it recovers by itself
 * once the cause is gone).
 */
export class BrowserLifecycle {
  readonly #options: BrowserLifecycleOptions;
  readonly #policy: RestartPolicy;
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
    this.#policy = options.policy ?? DEFAULT_RESTART_POLICY;
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
          throw new Error(`it exited while being set up (${describeExit(browser)})`);
        if (this.#stopping) throw new Error('the host is stopping');
      } catch (error) {
        await browser.kill();
        throw error;
      }
      this.#current = browser;
      browser.process.once('exit', (code, signal) => this.#onExit(browser, code, signal));
      this.#setState({ status: 'running' });
    })();
    this.#bringingUp = bringingUp;
    return bringingUp.finally(() => {
      if (this.#bringingUp === bringingUp) this.#bringingUp = undefined;
    });
  }

  #onExit(browser: LaunchedChromium, code: number | null, signal: NodeJS.Signals | null): void {
    if (this.#stopping || browser !== this.#current) return;
    this.#current = undefined;
    const reason = `Chromium exited with ${signal ?? `code ${code}`}`;
    this.#options.logger.error({ code, signal }, 'Chromium exited unexpectedly');
    void browser.kill(); // its renderers and helpers, which may outlive it
    this.#options.onLost(reason);
    this.#restartLater(reason);
  }

  #restartLater(reason: string): void {
    const now = Date.now();
    this.#failures = [...this.#failures.filter((at) => now - at < this.#policy.windowMs), now];
    const inWindow = this.#failures.length;
    const { delaysMs } = this.#policy;
    const failed = inWindow >= this.#policy.failuresBeforeFailed;
    // Once failed, the longest wait: a browser that keeps dying must not keep the machine busy.
    const delay = delaysMs[failed ? delaysMs.length - 1 : Math.min(inWindow, delaysMs.length) - 1] ?? 1000;
    if (failed) {
      const window = Math.round(this.#policy.windowMs / 60_000);
      this.#setState({
        status: 'failed',
        reason:
          `the browser exited ${inWindow} times within ${window} min (last: ${reason}); ` +
          `trying again every ${Math.round(delay / 1000)} s. The host's log (pwa-host.log) says more.`,
      });
    } else {
      this.#setState({ status: 'restarting', attempt: inWindow, reason });
    }
    this.#options.logger.warn({ attempt: inWindow, delayMs: delay }, 'restarting Chromium');
    this.#restartTimer = setTimeout(() => void this.#restart(), delay);
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
  return browser.process.signalCode ?? `code ${browser.process.exitCode}`;
}
