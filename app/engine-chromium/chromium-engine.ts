import { join } from 'node:path';
import { withTimeout } from '../base/wait.ts';
import type { BrowserPages } from '../engine/browser-pages.ts';
import type {
  BrowserBinary,
  BrowserDemand,
  DispatchOutcome,
  DispatchRequest,
  Engine,
  EngineHost,
  EngineState,
  NotificationEventRequest,
  SyncDispatchRequest,
} from '../engine/engine-port.ts';
import { abandonedOutcome, browserUnavailable, describeEngineState } from '../engine/engine-port.ts';
import { EventBookkeeping } from '../engine/event-bookkeeping.ts';
import { notificationEventMessage, periodicSyncMessage, syncMessage } from '../engine/event-messages.ts';
import { type EngineFacts, ShimEndpoint, type ShimSender } from '../engine/shim-endpoint.ts';
import { type HostMessage, parseShimMessage, type ShimCall } from '../engine/shim-messages.ts';
import { type Logger, silentLogger } from '../logging/logger.ts';
import { BrowserLifecycle } from './browser-lifecycle.ts';
import { BrowserOnDemand } from './browser-on-demand.ts';
import type { BrowserView } from './browser-view.ts';
import type { CdpConnection } from './cdp-connection.ts';
import { ChromiumPage } from './chromium-page.ts';
import { logDeniedDownloads } from './denied-downloads.ts';
import { findChromium } from './find-chromium.ts';
import { type LaunchedChromium, launchChromium } from './launch-chromium.ts';
import { endOrphanedBrowser } from './orphaned-browser.ts';
import {
  callShimListener,
  deliverToShim,
  deliverToShimKeepingListener,
  freshShimNames,
  type ShimNames,
  shimInjectionSource,
} from './shim-source.ts';
import { type AttachedTarget, TargetSessions } from './target-sessions.ts';
import { WorkerLifecycle } from './worker-lifecycle.ts';
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

/** How long a stop waits for a worker that is activating (its activate handler's own work included). */
const ACTIVATION_WAIT_MS = 5000;

/** How long to wait for a worker to answer before giving up on an event (a dead or busy one never does). */
const ROUND_TRIP_BOUND_MS = 2000;

/** A worker's shim listener as the engine knows it: its handle once the evaluate that found it answered. */
interface KeptListener {
  handle: string | undefined;
  found: Promise<string | undefined>;
}

/**
 * The engine port on a headless system Chrome/Chromium, driven over the DevTools protocol: transport and
 * lifecycle only. The shim is injected into every page and service worker; its calls are attributed to the
 * frame or worker the browser says sent them and answered by the shared shim endpoint.
 */
export class ChromiumEngine implements Engine, BrowserPages {
  readonly name = 'chromium';
  readonly #options: ChromiumEngineOptions;
  readonly #logger: Logger;
  readonly #names: ShimNames = freshShimNames();
  readonly #events = new EventBookkeeping();
  readonly #workers: WorkerLifecycle;
  readonly #lifecycle: BrowserLifecycle;
  readonly #onDemand: BrowserOnDemand;
  /** Set up anew for every browser start; undefined before the first and while none runs. */
  #browser: BrowserView | undefined;
  /** Per worker session: the DevTools handle of its shim's listener (see #deliverToWorker). */
  #shimListeners = new WeakMap<AttachedTarget, KeptListener>();
  #lost = new AbortController();
  #endpoint: ShimEndpoint | undefined;
  #host: EngineHost | undefined;
  /** The page (session and frame context) that made each `new Notification`, by notification id. */
  readonly #pageNotifications = new Map<number, { sessionId: string; contextId: number }>();
  /** The binary the last launch ran (found again at every launch: a browser may be installed meanwhile). */
  #binary: BrowserBinary | undefined;

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
    this.#workers = new WorkerLifecycle({
      browser: () => this.#browserOrThrow(),
      logger: this.#logger,
      idleMs: options.workerIdleMs ?? 30_000,
      startTimeoutMs: options.workerStartTimeoutMs ?? 15_000,
    });
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

  binary(): BrowserBinary | undefined {
    return this.#binary;
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
    this.#endpoint = new ShimEndpoint(host, this.#logger);
    this.#host = host;
    await this.#lifecycle.start();
    this.#logger.info({ browserPid: this.browserPid }, 'Chromium started');
  }

  async #launch(): Promise<LaunchedChromium> {
    const binary = findChromium(this.#options.executable);
    const executable = binary.path;
    // A browser still on the profile (one exiting after its host was killed, or a host killed while it
    // started) holds the profile's lock, and Chromium would refuse to start a second one on it.
    const orphan = endOrphanedBrowser(this.#options.profileDir);
    if (orphan !== undefined)
      this.#logger.warn({ browserPid: orphan }, 'ended a browser left running on the profile');
    const browser = await launchChromium(executable, this.#options.profileDir);
    this.#binary = binary;
    this.#logger.info(
      { executable, kind: binary.kind, browserPid: browser.process.pid },
      'Chromium launched',
    );
    return browser;
  }

  /** Everything the engine needs on a fresh browser: attached targets with the shim, the control page. */
  async #setUp(browser: LaunchedChromium): Promise<void> {
    const cdp = browser.connection;
    const registry = new WorkerRegistry(this.#logger);
    this.#lost = new AbortController();
    const lost = this.#lost.signal;
    const sessions = new TargetSessions(
      cdp,
      shimInjectionSource(this.#names),
      this.#names.binding,
      this.#logger,
    );
    cdp.on('Runtime.bindingCalled', (params, sessionId) => {
      if (params.name !== this.#names.binding || !sessionId) return;
      this.#onShimMessage(sessionId, String(params.payload), Number(params.executionContextId));
    });
    cdp.on('ServiceWorker.workerRegistrationUpdated', (params) => {
      const gone = registry.updateRegistrations(params.registrations as WorkerRegistrationInfo[]);
      for (const scope of gone) this.#host?.workerRegistrationGone(scope);
    });
    cdp.on('ServiceWorker.workerVersionUpdated', (params) => {
      registry.updateVersions(params.versions as WorkerVersionInfo[]);
      // A worker that stops (crash, eviction) mid-event will never report the event: fail it now.
      this.#events.settleWhere(
        ({ scope }) => {
          const status = registry.activeVersion(scope)?.runningStatus;
          return status === 'stopping' || status === 'stopped';
        },
        { status: 'failed', error: 'The service worker stopped during the event.' },
      );
    });
    sessions.onDetach((target) => {
      for (const [id, page] of this.#pageNotifications)
        if (page.sessionId === target.sessionId) this.#pageNotifications.delete(id);
      this.#events.settleWhere(({ worker }) => worker === target.sessionId, {
        status: 'failed',
        error: 'The service worker stopped during the event.',
      });
      if (target.type === 'page' && this.#browser?.sessions === sessions)
        this.#workers.pageClosed(target.url, (scope) => this.#events.isRunningIn(scope));
    });
    // The browser denies every download (launchChromium); the log says which page tried.
    logDeniedDownloads(
      cdp,
      this.#logger,
      (frameId) => sessions.all().find((t) => t.targetId === frameId)?.url,
    );
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
    this.#browser = { cdp, sessions, registry, controlSession: control.sessionId, lost };
    // The browser reads its stored registrations after `enable` answers and then reports them all (an
    // empty list too), versions last. Until then an empty registry would read as "no worker" and the core
    // would drop that scope's periodic registrations.
    let stopWatching = () => {};
    const reported = withTimeout(
      new Promise<void>((resolve) => {
        stopWatching = cdp.on('ServiceWorker.workerVersionUpdated', () => resolve());
      }),
      SNAPSHOT_TIMEOUT_MS,
      () => {
        throw new Error(`the browser did not report its service workers within ${SNAPSHOT_TIMEOUT_MS} ms`);
      },
    ).finally(() => stopWatching());
    // Together: a failed `enable` must not leave the wait's rejection unheard.
    await Promise.all([cdp.send('ServiceWorker.enable', {}, control.sessionId), reported]);
  }

  /** The browser went away: nothing it ran will report back, so events in flight fail now. */
  #onBrowserLost(): void {
    this.#lost.abort(new Error('The browser exited; the host is restarting it.'));
    this.#workers.cancelAllIdleStops();
    this.#events.settleAll({
      status: 'failed',
      error: 'The browser exited during the event; the host is restarting it.',
      browserLost: true,
    });
  }

  async stop(): Promise<void> {
    this.#onDemand.close();
    this.#workers.cancelAllIdleStops();
    this.#events.settleAll({ status: 'failed', error: 'The browser stopped.' });
    // An app's worker updated just before the stop (an install's start-up page, the update check after an
    // event) is let finish activating, or its scope would be left with no worker that starts.
    if (this.#lifecycle.state().status === 'running')
      await this.#browser?.registry.activationsSettled(ACTIVATION_WAIT_MS);
    await this.#lifecycle.stop();
  }

  /** Scopes of the service worker registrations in the profile. */
  workerScopes(): string[] {
    return this.#browser?.registry.scopes() ?? [];
  }

  /** The browser's running status of the worker that handles events for `scope`. */
  workerRunningStatus(scope: string): string | undefined {
    return this.#browser?.registry.activeVersion(scope)?.runningStatus;
  }

  ensureWorkerRunning(scope: string): Promise<void> {
    return this.#workers.ensureRunning(scope);
  }

  claimReadyWorker(scope: string): boolean {
    // Anything but a running browser takes the slow path, which says what is wrong.
    return (
      this.#browser !== undefined &&
      this.#lifecycle.state().status === 'running' &&
      this.#workers.claimIfReady(scope)
    );
  }

  /** Stops the running worker of `scope` (benchmarks and tests use it for cold starts). */
  stopWorker(scope: string, timeoutMs?: number): Promise<void> {
    return this.#workers.stop(scope, timeoutMs);
  }

  dispatchPeriodicSync(request: DispatchRequest): Promise<DispatchOutcome> {
    return this.#dispatchToWorker(request.scope, request.signal, periodicSyncMessage(request));
  }

  dispatchSync(request: SyncDispatchRequest): Promise<DispatchOutcome> {
    return this.#dispatchToWorker(request.scope, request.signal, syncMessage(request));
  }

  async dispatchNotificationEvent(request: NotificationEventRequest): Promise<DispatchOutcome> {
    const { scope } = request;
    if (scope === null) return this.#deliverToPage(request);
    try {
      // A click may come long after the event that showed it: wake the browser and the worker.
      return await this.#onDemand.whileRunning(async () => {
        await this.#workers.ensureRunning(scope);
        return this.#dispatchToWorker(scope, request.signal, notificationEventMessage(request));
      });
    } catch (error) {
      return { status: 'failed', error: `The service worker could not be started: ${String(error)}` };
    }
  }

  /** A page's own notification: its click or close goes to the page that made it, if it is still there. */
  async #deliverToPage(request: NotificationEventRequest): Promise<DispatchOutcome> {
    const id = request.notification.id;
    const page = this.#pageNotifications.get(id);
    if (request.kind === 'notificationclose') this.#pageNotifications.delete(id);
    const browser = this.#browser;
    if (!page || !browser?.sessions.get(page.sessionId))
      return { status: 'failed', error: 'The page that showed the notification is gone.' };
    const message = notificationEventMessage(request)(id);
    const params = {
      expression: this.#toShim(message),
      includeCommandLineAPI: true,
      contextId: page.contextId,
    };
    try {
      await browser.cdp.send('Runtime.evaluate', params, page.sessionId);
      return { status: 'success' };
    } catch (error) {
      return { status: 'failed', error: `The page could not be reached: ${String(error)}` };
    }
  }

  async #dispatchToWorker(
    scope: string,
    signal: AbortSignal,
    message: (id: number) => HostMessage,
  ): Promise<DispatchOutcome> {
    const session = this.#workers.readySession(scope);
    if (!session) return { status: 'failed', error: `The service worker for ${scope} is not running.` };
    if (signal.aborted) return abandonedOutcome(signal.reason);
    const { cdp } = this.#browserOrThrow();
    const { id, outcome } = this.#events.open(session.sessionId, scope);
    const onAbort = () => void this.#giveUp(id, session.sessionId, signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    // Not awaited: a worker whose renderer dies at this moment never answers, and the outcome (settled by
    // the crash report, the completion message or the host giving up) must not wait for that answer.
    this.#deliverToWorker(cdp, session, message(id)).then(
      (result) => {
        if (result.exceptionDetails) {
          this.#events.settle(id, {
            status: 'failed',
            error: `Dispatch failed: ${result.exceptionDetails.text ?? 'error'}`,
          });
        }
      },
      (error: unknown) =>
        this.#events.settle(id, { status: 'failed', error: `Dispatch failed: ${String(error)}` }),
    );
    try {
      return await outcome;
    } finally {
      signal.removeEventListener('abort', onAbort);
      if (this.#events.close(scope) === 0) this.#workers.scheduleIdleStop(scope);
    }
  }

  /**
   * Hands `message` to the worker's shim. The first message after the worker (re)started finds the shim's
   * listener through the command-line API and keeps its handle; later ones call that handle directly,
   * which spares the browser the listener lookup on every event. A handle the worker no longer knows (its
   * global was rebuilt) is refused by the browser before anything runs, so the message then goes the
   * long way once, safely.
   */
  async #deliverToWorker(
    cdp: CdpConnection,
    session: AttachedTarget,
    message: HostMessage,
  ): Promise<{ exceptionDetails?: { text?: string } }> {
    // An event's answer can come back before the evaluate that found the listener does: the next event
    // then waits for that reply instead of looking the listener up a second time.
    const kept = this.#shimListeners.get(session);
    // Known already on the warm path: no await, which would cost a turn of the event loop's microtasks.
    const handle = kept === undefined ? undefined : (kept.handle ?? (await kept.found));
    if (handle !== undefined) {
      try {
        return await cdp.send(
          'Runtime.callFunctionOn',
          { objectId: handle, functionDeclaration: callShimListener, arguments: [{ value: message }] },
          session.sessionId,
        );
      } catch {
        if (this.#shimListeners.get(session) === kept) this.#shimListeners.delete(session);
      }
    }
    const answer = cdp.send<{
      result?: { objectId?: string };
      exceptionDetails?: { text?: string };
    }>(
      'Runtime.evaluate',
      { expression: deliverToShimKeepingListener(this.#names, message), includeCommandLineAPI: true },
      session.sessionId,
    );
    const entry: KeptListener = {
      handle: undefined,
      found: answer.then(
        (reply) => {
          entry.handle = reply.exceptionDetails ? undefined : reply.result?.objectId;
          return entry.handle;
        },
        () => undefined,
      ),
    };
    this.#shimListeners.set(session, entry);
    return answer;
  }

  /**
   * The host gave up on event `id`; it ends as abandoned unless the worker already reported it. A process
   * that was frozen (a suspended laptop, SIGSTOP) wakes with the host's limit due and the completion
   * message still unread in the connection: one round trip to the worker reads everything the browser
   * sent before the answer.
   */
  async #giveUp(id: number, sessionId: string, reason: unknown): Promise<void> {
    // A dead or busy worker never answers: then what arrived is all there is.
    await withTimeout(
      this.#browser?.cdp.send('Runtime.evaluate', { expression: '0' }, sessionId).catch(() => {}) ??
        Promise.resolve(),
      ROUND_TRIP_BOUND_MS,
      () => undefined,
    );
    this.#events.settle(id, abandonedOutcome(reason));
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
    const { cdp, sessions } = this.#browserOrThrow();
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

  unregisterWorker(scope: string): Promise<void> {
    return this.#onDemand.whileRunning(async () => {
      const { cdp, controlSession } = this.#browserOrThrow();
      await cdp.send('ServiceWorker.unregister', { scopeURL: scope }, controlSession);
    });
  }

  async #clearOrigin(origin: string): Promise<void> {
    const { cdp, registry, controlSession } = this.#browserOrThrow();
    for (const scope of registry.scopes()) {
      if (new URL(scope).origin === origin) {
        await cdp.send('ServiceWorker.unregister', { scopeURL: scope }, controlSession).catch(() => {});
      }
    }
    await cdp.send('Storage.clearDataForOrigin', { origin, storageTypes: 'all' }, controlSession);
    registry.forgetOrigin(origin);
  }

  #onShimMessage(sessionId: string, payload: string, contextId: number): void {
    const target = this.#browser?.sessions.get(sessionId);
    const message = parseShimMessage(payload);
    if (!target || !message) {
      this.#logger.warn(
        { sessionId, length: payload.length },
        'ignored a malformed message from a page or worker',
      );
      return;
    }
    if (message.type === 'ready') {
      this.#browser?.sessions.markShimReady(sessionId);
      void this.#sendState(target, contextId);
    } else if (message.type === 'overBudget') {
      const browser = this.#browser;
      if (browser) this.#endpoint?.refusedByShim(this.#senderOf(browser, target, contextId), message.method);
    } else if (message.type === 'eventDone') {
      // Only the worker an event was sent to may finish it.
      if (this.#events.workerOf(message.id) !== sessionId) return;
      this.#events.settle(
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
    const browser = this.#browser;
    if (!browser || !this.#endpoint) return;
    const reply = this.#endpoint.answer(
      this.#senderOf(browser, target, contextId),
      call,
      this.#facts(browser),
    );
    if (call.method === 'showNotification' && call.params.scope === null && reply.ok) {
      const { id } = reply.result as { id: number };
      this.#pageNotifications.set(id, { sessionId: target.sessionId, contextId });
    }
    await this.#sendTo(target, contextId, reply);
  }

  notificationPermissionChanged(origin: string): void {
    const browser = this.#browser;
    if (!browser) return;
    for (const target of browser.sessions.all()) {
      if (target.type === 'service_worker') {
        if (URL.parse(target.url)?.origin === origin) void this.#sendState(target, 0);
        continue;
      }
      for (const [contextId, context] of target.contexts)
        if (context.origin === origin) void this.#sendState(target, contextId);
    }
  }

  /** Tells a page or worker that just started what its Notification.permission is. */
  async #sendState(target: AttachedTarget, contextId: number): Promise<void> {
    const browser = this.#browser;
    if (!browser || !this.#endpoint) return;
    await this.#sendTo(
      target,
      contextId,
      this.#endpoint.stateFor(this.#senderOf(browser, target, contextId)),
    );
  }

  async #sendTo(target: AttachedTarget, contextId: number, message: HostMessage): Promise<void> {
    const params = {
      expression: this.#toShim(message),
      includeCommandLineAPI: true,
      ...(target.type === 'service_worker' ? {} : { contextId }),
    };
    await this.#browser?.cdp.send('Runtime.evaluate', params, target.sessionId).catch(() => {});
  }

  /** Who is calling, from the browser's own records: the frame's origin and URL, or the worker's registration. */
  #senderOf(browser: BrowserView, target: AttachedTarget, contextId: number): ShimSender {
    if (target.type === 'service_worker') {
      return {
        kind: 'worker',
        origin: new URL(target.url).origin,
        registrationScope: browser.registry.scopeOfTarget(target.targetId),
      };
    }
    return {
      kind: 'page',
      frameOrigin: target.contexts.get(contextId)?.origin,
      frameUrl: browser.sessions.contextUrl(target, contextId),
      pageKey: `${target.sessionId}/${contextId}`,
    };
  }

  #facts(browser: BrowserView): EngineFacts {
    return {
      hasActiveWorker: (scope) => browser.registry.activeVersion(scope) !== undefined,
      hasWindowClient: (origin) => browser.sessions.hasTopLevelPage(origin),
    };
  }

  #toShim(message: HostMessage): string {
    return deliverToShim(this.#names, message);
  }

  #browserOrThrow(): BrowserView {
    const state = this.#lifecycle.state();
    if (state.status !== 'running') {
      throw browserUnavailable(describeEngineState(state));
    }
    if (!this.#browser) throw new Error('The Chromium engine is not started.');
    return this.#browser;
  }
}
