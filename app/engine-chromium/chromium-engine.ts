import { join } from 'node:path';
import { HostError, PeriodicSyncError } from '../base/errors.ts';
import type {
  BrowserDemand,
  Caller,
  DispatchOutcome,
  DispatchRequest,
  Engine,
  EngineHost,
  EngineState,
} from '../engine/engine-port.ts';
import { describeEngineState, WorkerNotFoundError } from '../engine/engine-port.ts';
import type { BrowserPages } from '../install/browser-pages.ts';
import { type Logger, silentLogger } from '../logging/logger.ts';
import { BrowserLifecycle } from './browser-lifecycle.ts';
import { BrowserOnDemand } from './browser-on-demand.ts';
import type { CdpConnection } from './cdp-connection.ts';
import { ChromiumPage } from './chromium-page.ts';
import { findChromium } from './find-chromium.ts';
import { type LaunchedChromium, launchChromium } from './launch-chromium.ts';
import { endOrphanedBrowser } from './orphaned-browser.ts';
import { parseShimMessage, type ShimCall } from './shim-messages.ts';
import { deliverToShim, freshShimNames, type ShimNames, shimInjectionSource } from './shim-source.ts';
import { type AttachedTarget, TargetSessions } from './target-sessions.ts';
import { type WorkerRegistrationInfo, WorkerRegistry, type WorkerVersionInfo } from './worker-registry.ts';

export interface ChromiumEngineOptions {
  /** The browser profile (created if missing). */
  profileDir: string;
  /** --chromium; otherwise CHROME_PATH or a browser found on this machine. */
  executable?: string | undefined;
  logger?: Logger;
  /** How long a worker the host woke stays running after its last event (Chromium's own idle timeout is 30 s). */
  workerIdleMs?: number;
  /** How long a worker may take to start. */
  workerStartTimeoutMs?: number;
}

/** How long a fresh browser may take to report the service workers in its profile. */
const SNAPSHOT_TIMEOUT_MS = 10_000;

/** How long to wait for a worker to answer before giving up on an event (a dead or busy one never does). */
const ROUND_TRIP_BOUND_MS = 2000;

interface PendingEvent {
  sessionId: string;
  scope: string;
  settle: (outcome: DispatchOutcome) => void;
}

/**
 * The engine port on a headless system Chrome/Chromium, driven over the DevTools protocol. The shim is
 * injected into every page and service worker; calls from it are attributed to the frame or worker the
 * browser says sent them.
 */
export class ChromiumEngine implements Engine, BrowserPages {
  readonly name = 'chromium';
  readonly #options: ChromiumEngineOptions;
  readonly #logger: Logger;
  readonly #names: ShimNames = freshShimNames();
  /** The running browser's workers; a restarted browser reports them afresh. */
  #registry = new WorkerRegistry();
  readonly #events = new Map<number, PendingEvent>();
  readonly #idleTimers = new Map<string, NodeJS.Timeout>();
  readonly #eventsPerScope = new Map<string, number>();
  /** Stops under way, by scope: starting a worker waits for its stop to finish first. */
  readonly #stops = new Map<string, Promise<void>>();
  #nextEventId = 1;
  readonly #lifecycle: BrowserLifecycle;
  readonly #onDemand: BrowserOnDemand;
  /** Aborted when the browser these sessions belong to goes away. */
  #browserLost = new AbortController();
  #cdp: CdpConnection | undefined;
  #sessions: TargetSessions | undefined;
  #controlSession: string | undefined;
  #host: EngineHost | undefined;

  constructor(options: ChromiumEngineOptions) {
    this.#options = options;
    this.#logger = options.logger ?? silentLogger;
    this.#lifecycle = new BrowserLifecycle({
      launch: () => this.#launch(),
      setUp: (browser) => this.#setUp(browser),
      onLost: () => this.#onBrowserLost(),
      logger: this.#logger,
    });
    this.#onDemand = new BrowserOnDemand(this.#lifecycle, this.#logger);
  }

  static profileDirIn(dataDir: string): string {
    return join(dataDir, 'chromium-profile');
  }

  get browserPid(): number | undefined {
    return this.#lifecycle.current?.process.pid;
  }

  /** The running browser's DevTools connection (over its pipe), for diagnostics and benchmarks. */
  get connection(): CdpConnection | undefined {
    return this.#lifecycle.current?.connection;
  }

  state(): EngineState {
    return this.#lifecycle.state();
  }

  onStateChange(listener: (state: EngineState) => void): () => void {
    return this.#lifecycle.onStateChange(listener);
  }

  // ── The browser on demand (browser-on-demand.ts decides; these only pass the calls on) ──────────────

  setDemand(demand: BrowserDemand): void {
    this.#onDemand.setDemand(demand);
  }

  ensureRunning(): Promise<void> {
    return this.#onDemand.hold();
  }

  release(): void {
    this.#onDemand.release();
  }

  async start(host: EngineHost): Promise<void> {
    this.#host = host;
    await this.#lifecycle.start();
    this.#logger.info({ browserPid: this.browserPid }, 'Chromium started');
  }

  async #launch(): Promise<LaunchedChromium> {
    const executable = findChromium(this.#options.executable);
    // A browser still on the profile (one exiting after its host was killed, or a host killed while it
    // started) holds the profile's lock, and Chromium would refuse to start a second one on it.
    const orphan = endOrphanedBrowser(this.#options.profileDir);
    if (orphan !== undefined)
      this.#logger.warn({ browserPid: orphan }, 'ended a browser left running on the profile');
    const browser = await launchChromium(executable, this.#options.profileDir);
    this.#logger.info({ executable, browserPid: browser.process.pid }, 'Chromium launched');
    return browser;
  }

  /** Everything the engine needs on a fresh browser: attached targets with the shim, the control page. */
  async #setUp(browser: LaunchedChromium): Promise<void> {
    const cdp = browser.connection;
    this.#registry = new WorkerRegistry();
    this.#browserLost = new AbortController();
    this.#cdp = cdp;
    const sessions = new TargetSessions(
      cdp,
      shimInjectionSource(this.#names),
      this.#names.binding,
      this.#logger,
    );
    this.#sessions = sessions;
    cdp.on('Runtime.bindingCalled', (params, sessionId) => {
      if (params.name !== this.#names.binding || !sessionId) return;
      this.#onShimMessage(sessionId, String(params.payload), Number(params.executionContextId));
    });
    cdp.on('ServiceWorker.workerRegistrationUpdated', (params) => {
      const gone = this.#registry.updateRegistrations(params.registrations as WorkerRegistrationInfo[]);
      for (const scope of gone) this.#host?.workerRegistrationGone(scope);
    });
    cdp.on('ServiceWorker.workerVersionUpdated', (params) => {
      this.#registry.updateVersions(params.versions as WorkerVersionInfo[]);
      this.#failEventsOfStoppedWorkers();
    });
    sessions.onDetach((target) => {
      this.#failEventsOf(target.sessionId);
      if (target.type === 'page') this.#idleWorkersOf(target.url);
    });
    await sessions.start();
    // ServiceWorker.* commands exist only on page sessions: a hidden blank page hosts them.
    const { targetId } = await cdp.send<{ targetId: string }>('Target.createTarget', {
      url: 'about:blank',
      hidden: true,
      background: true,
    });
    const control = await sessions.waitFor(
      (target) => target.targetId === targetId && target.primed,
      10_000,
      'the control page',
    );
    this.#controlSession = control.sessionId;
    // The browser reads its stored registrations after `enable` answers and then reports them all (an
    // empty list too), versions last. Until then an empty registry would read as "no worker" and the core
    // would drop that scope's periodic registrations.
    const reported = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        unsubscribe();
        reject(new Error(`the browser did not report its service workers within ${SNAPSHOT_TIMEOUT_MS} ms`));
      }, SNAPSHOT_TIMEOUT_MS);
      const unsubscribe = cdp.on('ServiceWorker.workerVersionUpdated', () => {
        clearTimeout(timer);
        unsubscribe();
        resolve();
      });
    });
    await cdp.send('ServiceWorker.enable', {}, control.sessionId);
    await reported;
  }

  /** The browser went away: nothing it ran will report back, so events in flight fail now. */
  #onBrowserLost(): void {
    this.#browserLost.abort(new Error('The browser exited; the host is restarting it.'));
    for (const timer of this.#idleTimers.values()) clearTimeout(timer);
    this.#idleTimers.clear();
    for (const id of [...this.#events.keys()]) {
      this.#settleEvent(id, {
        status: 'failed',
        error: 'The browser exited during the event; the host is restarting it.',
      });
    }
  }

  async stop(): Promise<void> {
    this.#onDemand.close();
    for (const timer of this.#idleTimers.values()) clearTimeout(timer);
    this.#idleTimers.clear();
    for (const id of [...this.#events.keys()])
      this.#settleEvent(id, { status: 'failed', error: 'The browser stopped.' });
    await this.#lifecycle.stop();
  }

  /** Scopes of the service worker registrations in the profile. */
  workerScopes(): string[] {
    return this.#registry.scopes();
  }

  /** The browser's running status of the worker that handles events for `scope`. */
  workerRunningStatus(scope: string): string | undefined {
    return this.#registry.activeVersion(scope)?.runningStatus;
  }

  async ensureWorkerRunning(scope: string): Promise<void> {
    // Before the registry: a browser that is away has no workers, which does not mean they are gone.
    const cdp = this.#cdpOrThrow();
    if (!this.#registry.registrationFor(scope)) throw new WorkerNotFoundError(scope);
    this.#cancelIdleStop(scope);
    await this.#stops.get(scope);
    if (this.#readyWorkerSession(scope)) return;
    const timeoutMs = this.#options.workerStartTimeoutMs ?? 15_000;
    const ready = this.#waitForReadyWorker(scope, timeoutMs);
    // Rejects while the worker is already starting; waiting for it is all that is needed then.
    await cdp.send('ServiceWorker.startWorker', { scopeURL: scope }, this.#controlSession).catch(() => {});
    await ready;
  }

  async dispatchPeriodicSync(request: DispatchRequest): Promise<DispatchOutcome> {
    const session = this.#readyWorkerSession(request.scope);
    if (!session)
      return { status: 'failed', error: `The service worker for ${request.scope} is not running.` };
    if (request.signal.aborted)
      return { status: 'failed', error: String(request.signal.reason ?? 'aborted') };
    const id = this.#nextEventId++;
    this.#eventsPerScope.set(request.scope, (this.#eventsPerScope.get(request.scope) ?? 0) + 1);
    const outcome = new Promise<DispatchOutcome>((resolve) => {
      this.#events.set(id, { sessionId: session.sessionId, scope: request.scope, settle: resolve });
    });
    const limit = setTimeout(
      () =>
        void this.#settleUnlessAlreadyDone(id, {
          status: 'timed-out',
          error: `The periodicsync handler did not settle within ${request.timeLimitMs} ms.`,
        }),
      request.timeLimitMs,
    );
    const onAbort = () =>
      void this.#settleUnlessAlreadyDone(id, {
        status: 'failed',
        error: String(request.signal.reason ?? 'aborted'),
      });
    request.signal.addEventListener('abort', onAbort, { once: true });
    // Not awaited: a worker whose renderer dies at this moment never answers, and the outcome (settled by
    // the crash report, the completion message or a limit) must not wait for that answer.
    this.#cdpOrThrow()
      .send<{ exceptionDetails?: { text?: string } }>(
        'Runtime.evaluate',
        { expression: deliverToShim(this.#names, { type: 'dispatch', id, tag: request.tag }) },
        session.sessionId,
      )
      .then(
        (result) => {
          if (result.exceptionDetails) {
            this.#settleEvent(id, {
              status: 'failed',
              error: `Dispatch failed: ${result.exceptionDetails.text ?? 'error'}`,
            });
          }
        },
        (error: unknown) =>
          this.#settleEvent(id, { status: 'failed', error: `Dispatch failed: ${String(error)}` }),
      );
    try {
      return await outcome;
    } finally {
      clearTimeout(limit);
      request.signal.removeEventListener('abort', onAbort);
      const left = (this.#eventsPerScope.get(request.scope) ?? 1) - 1;
      this.#eventsPerScope.set(request.scope, left);
      if (left === 0) this.#scheduleIdleStop(request.scope);
    }
  }

  /**
   * Gives up on event `id` with `outcome`, unless the worker already reported it. A process that was frozen
   * (a suspended laptop, SIGSTOP) wakes with its timers due and the completion message still unread in the
   * connection: one round trip to the worker reads everything the browser sent before the answer.
   */
  async #settleUnlessAlreadyDone(id: number, outcome: DispatchOutcome): Promise<void> {
    const pending = this.#events.get(id);
    if (!pending) return;
    let bound: NodeJS.Timeout | undefined;
    await Promise.race([
      this.#cdp?.send('Runtime.evaluate', { expression: '0' }, pending.sessionId).catch(() => {}),
      // A dead or busy worker never answers: then what arrived is all there is.
      new Promise((resolve) => {
        bound = setTimeout(resolve, ROUND_TRIP_BOUND_MS);
      }),
    ]);
    clearTimeout(bound);
    this.#settleEvent(id, outcome);
  }

  /** Opens a visible-to-the-engine page of the profile (install flow, `open`), with the shim in place. */
  openPage(): Promise<ChromiumPage> {
    return this.#onDemand.whileRunning(async () => {
      const page = await this.#openPage();
      this.#onDemand.pageOpened(page.closed);
      return page;
    });
  }

  async #openPage(): Promise<ChromiumPage> {
    const cdp = this.#cdpOrThrow();
    const sessions = this.#sessionsOrThrow();
    const { targetId } = await cdp.send<{ targetId: string }>('Target.createTarget', { url: 'about:blank' });
    const target = await sessions.waitFor(
      (candidate) => candidate.targetId === targetId && candidate.primed,
      10_000,
      'a new page',
    );
    return new ChromiumPage(cdp, target);
  }

  /** Removes an origin's storage and service workers from the profile. */
  clearOrigin(origin: string): Promise<void> {
    return this.#onDemand.whileRunning(() => this.#clearOrigin(origin));
  }

  async #clearOrigin(origin: string): Promise<void> {
    const cdp = this.#cdpOrThrow();
    for (const scope of this.#registry.scopes()) {
      if (new URL(scope).origin === origin) {
        await cdp.send('ServiceWorker.unregister', { scopeURL: scope }, this.#controlSession).catch(() => {});
      }
    }
    await cdp.send('Storage.clearDataForOrigin', { origin, storageTypes: 'all' }, this.#controlSession);
  }

  #readyWorkerSession(scope: string): AttachedTarget | undefined {
    const version = this.#registry.activeVersion(scope);
    if (version?.runningStatus !== 'running' || !version.targetId) return undefined;
    const target = this.#sessionsOrThrow().byTargetId(version.targetId);
    return target?.shimReady ? target : undefined;
  }

  /**
   * Resolves once the worker of `scope` runs with the shim in place. Rejects at once if the worker stops
   * after it began to start (its renderer process crashed or was killed): waiting out the start timeout
   * would only delay the failure, and the next start is a fresh one.
   */
  #waitForReadyWorker(scope: string, timeoutMs: number): Promise<void> {
    const lost = this.#browserLost.signal;
    return new Promise((resolve, reject) => {
      const onLost = () => {
        stop();
        reject(lost.reason);
      };
      let began = false;
      const check = () => {
        const status = this.#registry.activeVersion(scope)?.runningStatus;
        if (status === 'starting') began = true;
        if (!this.#registry.registrationFor(scope)) {
          stop();
          reject(new WorkerNotFoundError(scope));
        } else if (this.#readyWorkerSession(scope)) {
          stop();
          resolve();
        } else if (began && status === 'stopped') {
          stop();
          reject(
            new Error(
              `The service worker for ${scope} stopped while starting (its browser process crashed or was killed); the next event starts it again.`,
            ),
          );
        }
      };
      const timer = setTimeout(() => {
        stop();
        reject(new Error(`The service worker for ${scope} did not start within ${timeoutMs} ms.`));
      }, timeoutMs);
      const unsubscribeRegistry = this.#registry.onChange(check);
      const unsubscribeSessions = this.#sessionsOrThrow().onChange(check);
      lost.addEventListener('abort', onLost, { once: true });
      const stop = () => {
        clearTimeout(timer);
        unsubscribeRegistry();
        unsubscribeSessions();
        lost.removeEventListener('abort', onLost);
      };
      if (lost.aborted) onLost();
      else check();
    });
  }

  /**
   * Stops the running worker of `scope` and resolves once the browser reports it stopped (idle policy;
   * benchmarks and tests use it for cold starts). Bounded: the browser does not always answer the
   * command itself, so the running status is what counts.
   */
  async stopWorker(scope: string, timeoutMs = 10_000): Promise<void> {
    const version = this.#registry.activeVersion(scope);
    if (!version || version.runningStatus === 'stopped') return;
    const stopping = (async () => {
      const stopped = this.#waitForRegistry(
        () => this.#registry.activeVersion(scope)?.runningStatus === 'stopped',
        timeoutMs,
      );
      void this.#cdpOrThrow()
        .send('ServiceWorker.stopWorker', { versionId: version.versionId }, this.#controlSession)
        .catch(() => {});
      if (!(await stopped)) this.#logger.warn({ scope }, 'the service worker did not stop when asked');
    })();
    this.#stops.set(scope, stopping);
    try {
      await stopping;
    } finally {
      if (this.#stops.get(scope) === stopping) this.#stops.delete(scope);
    }
  }

  /** Resolves true once `condition` holds (checked on every registry change), false after `timeoutMs`. */
  #waitForRegistry(condition: () => boolean, timeoutMs: number): Promise<boolean> {
    return new Promise((resolve) => {
      const done = (result: boolean) => {
        clearTimeout(timer);
        unsubscribe();
        resolve(result);
      };
      const timer = setTimeout(() => done(false), timeoutMs);
      const unsubscribe = this.#registry.onChange(() => {
        if (condition()) done(true);
      });
      if (condition()) done(true);
    });
  }

  #scheduleIdleStop(scope: string): void {
    this.#cancelIdleStop(scope);
    const timer = setTimeout(() => {
      this.#idleTimers.delete(scope);
      const version = this.#registry.activeVersion(scope);
      // A page of the app keeps its worker; the browser's own lifetime rules apply to it.
      if (!version || this.#sessionsOrThrow().hasTopLevelPage(new URL(scope).origin)) return;
      void this.stopWorker(scope).catch(() => {});
    }, this.#options.workerIdleMs ?? 30_000);
    timer.unref();
    this.#idleTimers.set(scope, timer);
  }

  /**
   * Our attached sessions keep workers alive past the browser's own idle timeout, so when an app's page
   * closes, its workers get the same idle stop as after an event.
   */
  #idleWorkersOf(pageUrl: string): void {
    const origin = URL.parse(pageUrl)?.origin;
    if (origin === undefined) return;
    for (const scope of this.#registry.scopes()) {
      if (new URL(scope).origin === origin && !this.#eventsPerScope.get(scope)) this.#scheduleIdleStop(scope);
    }
  }

  #cancelIdleStop(scope: string): void {
    const timer = this.#idleTimers.get(scope);
    if (timer) clearTimeout(timer);
    this.#idleTimers.delete(scope);
  }

  #settleEvent(id: number, outcome: DispatchOutcome): void {
    const pending = this.#events.get(id);
    if (!pending) return;
    this.#events.delete(id);
    pending.settle(outcome);
  }

  /** A worker that stops (crash, eviction) mid-event will never report the event: fail it now. */
  #failEventsOfStoppedWorkers(): void {
    for (const [id, pending] of this.#events) {
      const status = this.#registry.activeVersion(pending.scope)?.runningStatus;
      if (status === 'stopping' || status === 'stopped') {
        this.#settleEvent(id, { status: 'failed', error: 'The service worker stopped during the event.' });
      }
    }
  }

  #failEventsOf(sessionId: string): void {
    for (const [id, pending] of this.#events) {
      if (pending.sessionId === sessionId) {
        this.#settleEvent(id, { status: 'failed', error: 'The service worker stopped during the event.' });
      }
    }
  }

  #onShimMessage(sessionId: string, payload: string, contextId: number): void {
    const target = this.#sessions?.get(sessionId);
    const message = parseShimMessage(payload);
    if (!target || !message) {
      this.#logger.warn(
        { sessionId, length: payload.length },
        'ignored a malformed message from a page or worker',
      );
      return;
    }
    if (message.type === 'ready') {
      this.#sessions?.markShimReady(sessionId);
    } else if (message.type === 'eventDone') {
      // Only the worker an event was sent to may finish it.
      if (this.#events.get(message.id)?.sessionId !== sessionId) return;
      this.#settleEvent(
        message.id,
        message.ok
          ? { status: 'success' }
          : { status: 'failed', error: message.error ?? 'The event failed.' },
      );
    } else {
      void this.#answerCall(target, contextId, message);
    }
  }

  async #answerCall(target: AttachedTarget, contextId: number, call: ShimCall): Promise<void> {
    let reply: {
      type: 'reply';
      id: number;
      ok: boolean;
      result?: unknown;
      error?: { name: string; message: string };
    };
    try {
      reply = {
        type: 'reply',
        id: call.id,
        ok: true,
        result: this.#perform(target, this.#callerOf(target, contextId, call), call),
      };
    } catch (error) {
      const name = error instanceof PeriodicSyncError ? error.domName : 'AbortError';
      const message = error instanceof Error ? error.message : String(error);
      if (!(error instanceof PeriodicSyncError))
        this.#logger.error({ error: message }, 'a periodicSync call failed in the host');
      reply = { type: 'reply', id: call.id, ok: false, error: { name, message } };
    }
    const params = {
      expression: deliverToShim(this.#names, reply),
      ...(target.type === 'service_worker' ? {} : { contextId }),
    };
    await this.#cdp?.send('Runtime.evaluate', params, target.sessionId).catch(() => {});
  }

  /** Who is calling, from the browser's own records: the page's frame origin or the worker's registration. */
  #callerOf(target: AttachedTarget, contextId: number, call: ShimCall): Caller {
    if (target.type === 'service_worker') {
      const scope = this.#registry.scopeOfTarget(target.targetId);
      if (!scope)
        throw new PeriodicSyncError('InvalidStateError', 'This service worker has no registration.');
      return { origin: new URL(target.url).origin, scope };
    }
    const origin = target.contexts.get(contextId)?.origin;
    if (!origin || origin === 'null') {
      throw new PeriodicSyncError(
        'NotAllowedError',
        'Periodic background sync is not available to this document.',
      );
    }
    const claimed = 'scope' in call.params ? call.params.scope : `${origin}/`;
    if (URL.parse(claimed)?.origin !== origin) {
      throw new PeriodicSyncError(
        'NotAllowedError',
        `A document of ${origin} cannot use the registrations of ${claimed}.`,
      );
    }
    return { origin, scope: claimed };
  }

  #perform(target: AttachedTarget, caller: Caller, call: ShimCall): unknown {
    const host = this.#host;
    if (!host) throw new Error('The engine is not started.');
    switch (call.method) {
      case 'permission':
        return host.isPermissionGranted(caller.origin) ? 'granted' : 'denied';
      case 'getTags':
        return host.getTags(caller);
      case 'unregister':
        host.unregister(caller, call.params.tag);
        return null;
      case 'register':
        this.#checkCanRegister(caller, target.type === 'service_worker');
        host.register(caller, call.params.tag, call.params.minInterval);
        return null;
    }
  }

  /**
   * Chromium's order: an active worker, then a window client of the origin, then the permission. A worker
   * calling from its own install or activate handler counts as the registration's worker.
   */
  #checkCanRegister(caller: Caller, fromWorker: boolean): void {
    if (!fromWorker && !this.#registry.activeVersion(caller.scope)) {
      throw new PeriodicSyncError('InvalidStateError', 'Registration failed - no active Service Worker');
    }
    if (!this.#sessionsOrThrow().hasTopLevelPage(caller.origin)) {
      throw new PeriodicSyncError(
        'InvalidAccessError',
        'Attempted to register a sync event without a window or registration tag too long.',
      );
    }
    if (!this.#host?.isPermissionGranted(caller.origin)) {
      throw new PeriodicSyncError('NotAllowedError', 'Permission denied.');
    }
  }

  #cdpOrThrow(): CdpConnection {
    const state = this.#lifecycle.state();
    if (state.status !== 'running') {
      throw new HostError(
        'browser-unavailable',
        `The browser is not running: ${describeEngineState(state)}. Try again once \`pwa-host status\` shows it running.`,
      );
    }
    if (!this.#cdp) throw new Error('The Chromium engine is not started.');
    return this.#cdp;
  }

  #sessionsOrThrow(): TargetSessions {
    if (!this.#sessions) throw new Error('The Chromium engine is not started.');
    return this.#sessions;
  }
}
