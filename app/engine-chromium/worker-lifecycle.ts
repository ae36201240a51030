import { formatDuration } from '../base/format-duration.ts';
import { waitUntil } from '../base/wait.ts';
import { WorkerNotFoundError } from '../engine/engine-port.ts';
import type { Logger } from '../logging/logger.ts';
import type { BrowserView } from './browser-view.ts';
import type { AttachedTarget } from './target-sessions.ts';

export interface WorkerLifecycleOptions {
  /** The running browser; throws when there is none (the engine's own "not running" error). */
  browser: () => BrowserView;
  logger: Logger;
  /** How long a worker the host woke stays running after its last event. */
  idleMs: number;
  /** How long a worker may take to start. */
  startTimeoutMs: number;
}

/**
 * Starting, idling and stopping the service workers the host wakes. The browser's own idle timeout does
 * not apply (the engine's attached session keeps a worker alive), so the host stops them itself.
 */
export class WorkerLifecycle {
  readonly #options: WorkerLifecycleOptions;
  readonly #idleTimers = new Map<string, NodeJS.Timeout>();
  /** Stops under way, by scope: starting a worker waits for its stop to finish first. */
  readonly #stops = new Map<string, Promise<void>>();

  constructor(options: WorkerLifecycleOptions) {
    this.#options = options;
  }

  /** Resolves once the worker of `scope` runs with the shim in place; see Engine.ensureWorkerRunning. */
  async ensureRunning(scope: string): Promise<void> {
    // Before the registry: a browser that is away has no workers, which does not mean they are gone.
    const browser = this.#options.browser();
    if (!browser.registry.registrationFor(scope)) throw new WorkerNotFoundError(scope);
    this.cancelIdleStop(scope);
    await this.#stops.get(scope);
    if (this.readySession(scope)) return;
    const ready = this.#waitForReadyWorker(browser, scope, this.#options.startTimeoutMs);
    // Rejects while the worker is already starting; waiting for it is all that is needed then.
    await browser.cdp
      .send('ServiceWorker.startWorker', { scopeURL: scope }, browser.controlSession)
      .catch(() => {});
    await ready;
  }

  /**
   * When the worker of `scope` already runs with its shim and no stop is under way: keeps it running (an
   * idle stop is cancelled, as ensureRunning does) and answers true, so an event goes out with no wait.
   */
  claimIfReady(scope: string): boolean {
    if (this.#stops.has(scope) || !this.readySession(scope)) return false;
    this.cancelIdleStop(scope);
    return true;
  }

  /** The session of the running worker of `scope` once its shim is ready. */
  readySession(scope: string): AttachedTarget | undefined {
    const browser = this.#options.browser();
    const version = browser.registry.activeVersion(scope);
    if (version?.runningStatus !== 'running' || !version.targetId) return undefined;
    const target = browser.sessions.byTargetId(version.targetId);
    return target?.shimReady ? target : undefined;
  }

  /**
   * Stops the running worker of `scope` and resolves once the browser reports it stopped (idle policy;
   * benchmarks and tests use it for cold starts). Bounded: the browser does not always answer the
   * command itself, so the running status is what counts. An idle stop still pending is superseded.
   */
  async stop(scope: string, timeoutMs = 10_000): Promise<void> {
    this.cancelIdleStop(scope);
    const browser = this.#options.browser();
    const version = browser.registry.activeVersion(scope);
    if (!version || version.runningStatus === 'stopped') return;
    const stopping = (async () => {
      const stopped = waitForRegistry(
        browser,
        () => browser.registry.activeVersion(scope)?.runningStatus === 'stopped',
        timeoutMs,
      );
      void browser.cdp
        .send('ServiceWorker.stopWorker', { versionId: version.versionId }, browser.controlSession)
        .catch(() => {});
      if (!(await stopped))
        this.#options.logger.warn({ scope }, 'the service worker did not stop when asked');
    })();
    this.#stops.set(scope, stopping);
    try {
      await stopping;
    } finally {
      if (this.#stops.get(scope) === stopping) this.#stops.delete(scope);
    }
  }

  /** Stops the worker of `scope` after the idle time, unless a page of its origin is open by then. */
  scheduleIdleStop(scope: string): void {
    this.cancelIdleStop(scope);
    const timer = setTimeout(() => {
      this.#idleTimers.delete(scope);
      if (this.#keepsRunning(scope)) return;
      void this.stop(scope).catch(() => {});
    }, this.#options.idleMs);
    timer.unref();
    this.#idleTimers.set(scope, timer);
  }

  /**
   * Our attached sessions keep workers alive past the browser's own idle timeout, so when an app's page
   * closes, its workers get the same idle stop as after an event (except those with events running).
   */
  pageClosed(pageUrl: string, busy: (scope: string) => boolean): void {
    const origin = URL.parse(pageUrl)?.origin;
    if (origin === undefined) return;
    for (const scope of this.#options.browser().registry.scopes()) {
      if (new URL(scope).origin === origin && !busy(scope)) this.scheduleIdleStop(scope);
    }
  }

  /** A page of the app keeps its worker; the browser's own lifetime rules apply to it. */
  #keepsRunning(scope: string): boolean {
    let browser: BrowserView;
    try {
      browser = this.#options.browser();
    } catch {
      return true; // no browser, no worker to stop
    }
    return !browser.registry.activeVersion(scope) || browser.sessions.hasTopLevelPage(new URL(scope).origin);
  }

  cancelIdleStop(scope: string): void {
    const timer = this.#idleTimers.get(scope);
    if (timer) clearTimeout(timer);
    this.#idleTimers.delete(scope);
  }

  /** The browser went away or is stopping: no idle stop is due any more. */
  cancelAllIdleStops(): void {
    for (const timer of this.#idleTimers.values()) clearTimeout(timer);
    this.#idleTimers.clear();
  }

  /**
   * Resolves once the worker of `scope` runs with the shim in place. Rejects at once if the worker stops
   * after it began to start (its renderer process crashed or was killed): waiting out the start timeout
   * would only delay the failure, and the next start is a fresh one.
   */
  async #waitForReadyWorker(browser: BrowserView, scope: string, timeoutMs: number): Promise<void> {
    const { lost, registry, sessions } = browser;
    let began = false;
    await waitUntil(
      () => {
        if (lost.aborted) throw lost.reason;
        const status = registry.activeVersion(scope)?.runningStatus;
        if (status === 'starting') began = true;
        if (!registry.registrationFor(scope)) throw new WorkerNotFoundError(scope);
        if (this.readySession(scope)) return true;
        if (began && status === 'stopped') {
          throw new Error(
            `The service worker for ${scope} stopped while starting (its browser process crashed or was killed); the next event starts it again.`,
          );
        }
        return false;
      },
      {
        timeoutMs,
        onTimeout: () => {
          throw new Error(
            `The service worker for ${scope} did not start within ${formatDuration(timeoutMs)}.`,
          );
        },
        onChange: (recheck) => {
          const unsubscribeRegistry = registry.onChange(recheck);
          const unsubscribeSessions = sessions.onChange(recheck);
          lost.addEventListener('abort', recheck, { once: true });
          return () => {
            unsubscribeRegistry();
            unsubscribeSessions();
            lost.removeEventListener('abort', recheck);
          };
        },
      },
    );
  }
}

/** Resolves true once `condition` holds (checked on every registry change), false after `timeoutMs`. */
function waitForRegistry(
  browser: BrowserView,
  condition: () => boolean,
  timeoutMs: number,
): Promise<boolean> {
  return waitUntil(condition, {
    timeoutMs,
    onTimeout: () => false,
    onChange: (recheck) => browser.registry.onChange(recheck),
  });
}
