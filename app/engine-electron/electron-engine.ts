import { waitUntil } from '../base/wait.ts';
import type {
  DispatchOutcome,
  DispatchRequest,
  Engine,
  EngineHost,
  NotificationEventRequest,
  SyncDispatchRequest,
} from '../engine/engine-port.ts';
import { abandonedOutcome, WorkerNotFoundError } from '../engine/engine-port.ts';
import { EventBookkeeping } from '../engine/event-bookkeeping.ts';
import { notificationEventMessage, periodicSyncMessage, syncMessage } from '../engine/event-messages.ts';
import { ShimEndpoint } from '../engine/shim-endpoint.ts';
import type { HostMessage } from '../engine/shim-messages.ts';
import { type Logger, silentLogger } from '../logging/logger.ts';
import type {
  ElectronSurface,
  RunningStatusChange,
  ServiceWorkerMainSurface,
  WorkerTask,
} from './electron-surface.ts';
import { SHIM_CHANNEL } from './shim-channel.ts';
import { ShimIpc } from './shim-ipc.ts';
import { startWorker } from './start-worker.ts';
import { type KnownVersion, WorkerVersions } from './worker-versions.ts';

export interface ElectronEngineOptions {
  /** The apps session (`persist:apps`) as the port; `main/electron-surface.ts` builds it from Electron. */
  surface: ElectronSurface;
  logger?: Logger;
  /** How long `ensureWorkerRunning` retries `startWorkerForScope` while the worker is "starting". */
  workerStartTimeoutMs?: number;
  /** How often the engine reads `isDestroyed()` of the worker versions it knows (see #sweepDestroyed). */
  destroyedSweepMs?: number;
}

/** How long after a version stops the engine looks for it being destroyed (its registration deleted). */
const DESTROYED_WATCH_MS = 2000;

/**
 * The engine port on Electron's own service-worker APIs (no DevTools protocol): the shim is installed by
 * the service-worker and frame preloads and talks over IPC; the engine wakes workers with
 * `startWorkerForScope`, holds each one with `startTask()` for exactly as long as an event runs, and fires
 * events with `ServiceWorkerMain.send`.
 *
 * The idle stop: Electron has no public API to stop a worker (its spec tests use an internal
 * `_stopAllWorkers`). Between events the engine holds no task, so Chromium's own idle timeout (30 s with
 * no event, no client and no task) stops a worker the host woke; a worker with an app page open lives as
 * the browser decides. That is what the Chromium engine does by hand over CDP, because its attached
 * DevTools session keeps workers alive.
 */
export class ElectronEngine implements Engine {
  readonly name = 'electron';
  readonly #surface: ElectronSurface;
  readonly #logger: Logger;
  readonly #startTimeoutMs: number;
  readonly #versions: WorkerVersions;
  readonly #events = new EventBookkeeping();
  /** The active version of each scope, as `startWorkerForScope` last resolved: where events go. */
  readonly #active = new Map<string, ServiceWorkerMainSurface>();
  /** Starts under way, by scope: concurrent callers share one (a second call would see "starting"). */
  readonly #starts = new Map<string, Promise<ServiceWorkerMainSurface>>();
  #shimIpc: ShimIpc | undefined;
  #host: EngineHost | undefined;
  #unsubscribe: (() => void) | undefined;
  #sweep: NodeJS.Timeout | undefined;
  readonly #sweepMs: number;

  constructor(options: ElectronEngineOptions) {
    this.#surface = options.surface;
    this.#logger = options.logger ?? silentLogger;
    this.#startTimeoutMs = options.workerStartTimeoutMs ?? 15_000;
    this.#sweepMs = options.destroyedSweepMs ?? 5000;
    this.#versions = new WorkerVersions(options.surface.serviceWorkers, (version) => this.#bind(version));
  }

  async start(host: EngineHost): Promise<void> {
    this.#host = host;
    this.#shimIpc = new ShimIpc({
      endpoint: new ShimEndpoint(host, this.#logger),
      logger: this.#logger,
      topLevelOrigins: () => this.#surface.pages.topLevelOrigins(),
      hasActiveWorker: (scope) =>
        this.#run(scope).then(
          () => true,
          () => false,
        ),
      onEventDone: (version, message) => {
        // Only the worker version an event was sent to may finish it.
        if (this.#events.workerOf(message.id) !== workerKey(version.worker)) return;
        this.#events.settle(
          message.id,
          message.ok
            ? { status: 'success' }
            : { status: 'failed', error: message.error ?? 'The event failed.' },
        );
      },
    });
    this.#unsubscribe = this.#surface.serviceWorkers.onRunningStatusChanged((change) =>
      this.#onRunningStatus(change),
    );
    const shimIpc = this.#shimIpc;
    this.#surface.pages.handle(SHIM_CHANNEL, (event, payload) => shimIpc.fromPage(event, payload));
    this.#sweep = setInterval(() => this.#sweepDestroyed(), this.#sweepMs);
    this.#sweep.unref();
    this.#logger.info({}, 'the Electron engine is listening to the apps session');
  }

  async stop(): Promise<void> {
    this.#unsubscribe?.();
    clearInterval(this.#sweep);
    this.#surface.pages.removeHandler(SHIM_CHANNEL);
    this.#events.settleAll({ status: 'failed', error: 'The host stopped the engine.' });
  }

  async ensureWorkerRunning(scope: string): Promise<void> {
    await this.#run(scope);
  }

  /**
   * Starts the worker of each scope, one at a time, so that the ones that exist become known: at host start
   * nothing has run yet, and without this every app's start page would be loaded once per launch (and per
   * OS wake-up). A scope with no worker is simply not found; nothing is reported gone from here.
   */
  async lookForWorkers(scopes: readonly string[]): Promise<void> {
    for (const scope of new Set(scopes)) {
      if (this.workerScopes().includes(scope)) continue;
      await this.#run(scope).catch((error: unknown) => {
        this.#logger.debug({ scope, error: String(error) }, 'no service worker found for a stored scope');
      });
    }
  }

  /**
   * Scopes of the worker versions the engine has seen since it started and not seen destroyed. Electron
   * cannot list a session's registrations, so a registration whose worker has not run since is missing
   * (`lookForWorkers` finds them).
   */
  workerScopes(): string[] {
    const scopes = new Set(this.#active.keys());
    for (const known of this.#versions.all()) if (!known.worker.isDestroyed()) scopes.add(known.scope);
    return [...scopes];
  }

  #run(scope: string): Promise<ServiceWorkerMainSurface> {
    const under = this.#starts.get(scope);
    if (under) return under;
    const starting = startWorker(this.#surface.serviceWorkers, this.#versions, scope, this.#startTimeoutMs)
      .then((worker) => {
        if (this.#active.get(scope) !== worker) this.#active.set(scope, worker);
        return worker;
      })
      .finally(() => this.#starts.delete(scope));
    this.#starts.set(scope, starting);
    return starting;
  }

  dispatchPeriodicSync(request: DispatchRequest): Promise<DispatchOutcome> {
    return this.#dispatchToWorker(request.scope, request.signal, periodicSyncMessage(request));
  }

  dispatchSync(request: SyncDispatchRequest): Promise<DispatchOutcome> {
    return this.#dispatchToWorker(request.scope, request.signal, syncMessage(request));
  }

  /**
   * A click or dismissal: the worker is started first (a click may come long after the event that showed
   * it). A page's own `new Notification` gets no event in this engine yet: its page is not tracked here.
   */
  async dispatchNotificationEvent(request: NotificationEventRequest): Promise<DispatchOutcome> {
    const { scope } = request;
    if (scope === null)
      return { status: 'failed', error: 'Page notifications get no click or close events in Electron yet.' };
    try {
      await this.#run(scope);
    } catch (error) {
      return { status: 'failed', error: `The service worker could not be started: ${String(error)}` };
    }
    return this.#dispatchToWorker(scope, request.signal, notificationEventMessage(request));
  }

  async #dispatchToWorker(
    scope: string,
    signal: AbortSignal,
    message: (id: number) => HostMessage,
  ): Promise<DispatchOutcome> {
    const worker = this.#active.get(scope);
    if (!worker || worker.isDestroyed() || this.#versions.statusOf(worker.versionId) !== 'running')
      return { status: 'failed', error: `The service worker for ${scope} is not running.` };
    if (signal.aborted) return abandonedOutcome(signal.reason);
    let task: WorkerTask;
    try {
      task = worker.startTask();
    } catch (error) {
      return {
        status: 'failed',
        error: `The service worker could not be held for the event: ${String(error)}`,
      };
    }
    const { id, outcome } = this.#events.open(workerKey(worker), scope);
    // Electron has no round trip to a worker to flush what it already sent: one turn of the main loop lets
    // a completion already delivered be read before the event counts as abandoned.
    const onAbort = () => setImmediate(() => this.#events.settle(id, abandonedOutcome(signal.reason)));
    signal.addEventListener('abort', onAbort, { once: true });
    // Dropped silently if the worker stopped meanwhile: its "stopping" status then fails the event.
    worker.send(SHIM_CHANNEL, JSON.stringify(message(id)));
    try {
      return await outcome;
    } finally {
      signal.removeEventListener('abort', onAbort);
      this.#events.close(scope);
      endTask(task, this.#logger);
    }
  }

  /** Worker IPC arrives on the version's own `ipc`, never on `ipcMain`: one handler per version. */
  #bind(version: KnownVersion): void {
    const { worker } = version;
    worker.ipc.removeHandler(SHIM_CHANNEL);
    worker.ipc.handle(SHIM_CHANNEL, (_event, payload) => this.#shimIpc?.fromWorker(version, payload) ?? null);
  }

  #onRunningStatus(change: RunningStatusChange): void {
    this.#versions.observe(change);
    if (change.runningStatus === 'stopping' || change.runningStatus === 'stopped') {
      // A worker that stops (crash, eviction, unregistration) mid-event will never report it: fail it now.
      const key = String(change.versionId);
      this.#events.settleWhere(({ worker }) => worker === key, {
        status: 'failed',
        error: 'The service worker stopped during the event.',
      });
    }
    if (change.runningStatus === 'stopped') void this.#watchForDeletion(change.versionId);
  }

  /** A version that stops is often one being destroyed (its registration deleted): look at once. */
  async #watchForDeletion(versionId: number): Promise<void> {
    const known = this.#versions.all().find((version) => version.worker.versionId === versionId);
    if (!known) return;
    const destroyed = await waitUntil(() => known.worker.isDestroyed(), {
      timeoutMs: DESTROYED_WATCH_MS,
      pollMs: 100,
      onTimeout: () => false,
    });
    if (destroyed) await this.#onDestroyed(known);
  }

  /**
   * Electron reports neither a deleted registration nor a destroyed version (its spec polls `isDestroyed()`:
   * "is destroyed after being unregistered"), and a version can be destroyed without stopping first, so the
   * engine also reads `isDestroyed()` of the versions it knows every few seconds: a property read each.
   */
  #sweepDestroyed(): void {
    for (const known of this.#versions.all()) if (known.worker.isDestroyed()) void this.#onDestroyed(known);
  }

  /**
   * A destroyed version with no other live version of its scope is either replaced by a newer one (an
   * update: the next start binds it) or its registration is gone: one start tells which, and a gone
   * registration is reported to the host (which keeps its periodic registrations unless the app itself
   * unregistered it).
   */
  async #onDestroyed({ worker, scope }: KnownVersion): Promise<void> {
    if (!this.#versions.forget(worker.versionId)) return; // already handled
    if (this.#active.get(scope) === worker) this.#active.delete(scope);
    if (this.#versions.hasLiveVersion(scope)) return;
    try {
      await this.#run(scope);
    } catch (error) {
      if (!(error instanceof WorkerNotFoundError)) return;
      this.#logger.info({ scope }, 'a service worker registration was deleted');
      this.#host?.workerRegistrationGone(scope);
    }
  }
}

function workerKey(worker: ServiceWorkerMainSurface): string {
  return String(worker.versionId);
}

/** Ends a keep-alive task; after the version was destroyed `end()` throws, and there is nothing to end. */
function endTask(task: WorkerTask, logger: Logger): void {
  try {
    task.end();
  } catch (error) {
    logger.debug({ error: String(error) }, 'a worker task ended after its worker was destroyed');
  }
}

/** The Electron engine on the apps session; the shell registers the preloads and passes the surface. */
export function createElectronEngine(options: ElectronEngineOptions): ElectronEngine {
  return new ElectronEngine(options);
}
