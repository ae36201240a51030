import type { HostError } from '../base/errors.ts';
import type { Clock, Timer } from '../clock/clock.ts';
import type { Logger } from '../logging/logger.ts';

/** How long the core waits before trying the store again after a write failed (a full disk, say). */
export const STORE_RETRY_MS = 5000;

/** Why the store cannot be written now, for `status`. */
export interface StoreProblem {
  code: string;
  message: string;
  /** When writes started failing (wall-clock ms). */
  since: number;
}

/**
 * Whether the store can be written, and the retry while it cannot: the first failure is logged once and
 * arms a retry; each further failure re-arms it; the first success after a failure logs the recovery.
 */
export class StoreHealth {
  readonly #clock: Clock;
  readonly #logger: Logger;
  readonly #retry: () => void;
  #problem: StoreProblem | undefined;
  #timer: Timer | undefined;
  #closed = false;

  constructor(clock: Clock, logger: Logger, retry: () => void) {
    this.#clock = clock;
    this.#logger = logger;
    this.#retry = retry;
  }

  get problem(): StoreProblem | undefined {
    return this.#problem;
  }

  failed(error: HostError): void {
    if (this.#problem?.code !== error.code) {
      this.#problem = { code: error.code, message: error.message, since: this.#clock.now() };
      this.#logger.error(
        { code: error.code, retryMs: STORE_RETRY_MS },
        `cannot write the store, nothing fires until it can: ${error.message}`,
      );
    }
    this.#timer?.cancel();
    if (this.#closed) return; // the host is stopping: what was not written is recovered on the next start
    this.#timer = this.#clock.setTimer(this.#clock.now() + STORE_RETRY_MS, () => {
      this.#timer = undefined;
      this.#retry();
    });
  }

  succeeded(): void {
    if (!this.#problem) return;
    this.#logger.info({ code: this.#problem.code }, 'the store can be written again: firing resumes');
    this.#problem = undefined;
    this.#timer?.cancel();
    this.#timer = undefined;
  }

  /** No more retries: the host is stopping. */
  close(): void {
    this.#closed = true;
    this.#timer?.cancel();
    this.#timer = undefined;
  }
}
