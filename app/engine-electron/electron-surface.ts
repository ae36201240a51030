/**
 * The part of Electron the Electron engine uses, as a structural port: the `persist:apps` session's
 * service workers (`session.serviceWorkers`, `ServiceWorkerMain` and its `ipc`) and the IPC of app pages
 * (`ipcRenderer.invoke` from frames, identified by `senderFrame`). Defined here without importing
 * `electron` (plain-Node code never loads it); `main/electron-surface.ts` builds it from real Electron
 * objects and type-checks against `electron.d.ts`; tests use a stand-in written to Electron's own spec
 * tests (electron/electron `spec/api-service-worker-main-spec.ts`, `docs/api/service-worker-main.md`,
 * `docs/api/service-workers.md`).
 */

/** `ServiceWorkersRunningStatusChangedEventParams['runningStatus']`. */
export type WorkerRunningStatus = 'starting' | 'running' | 'stopping' | 'stopped';

export interface RunningStatusChange {
  versionId: number;
  runningStatus: WorkerRunningStatus;
}

/** What `ServiceWorkerMain.startTask()` returns: the worker is kept alive until `end()` (never times out). */
export interface WorkerTask {
  /** Throws once the worker version is destroyed (Electron's spec: "throws when ending task after destroyed"). */
  end(): void;
}

/** The part of `IpcMainServiceWorkerInvokeEvent` the engine reads (nothing: the bound worker is the sender). */
export type WorkerInvokeEvent = object;

/** `ServiceWorkerMain.ipc`: worker IPC arrives here, never on `ipcMain`; `handle` survives a stop/start. */
export interface WorkerIpc {
  handle(channel: string, listener: (event: WorkerInvokeEvent, ...args: unknown[]) => unknown): void;
  removeHandler(channel: string): void;
}

/**
 * `ServiceWorkerMain`: one version of a worker script for a scope. A new version is a new object; the same
 * version keeps its object (and its `ipc` handlers) across stops and starts.
 */
export interface ServiceWorkerMainSurface {
  /**
   * The scope URL of the worker's registration, as Electron knows it (never what the worker says). Empty
   * once the version is destroyed (electron_api_service_worker_main.cc `ScopeURL`), as is `scriptURL`:
   * read them while the version lives and keep them.
   */
  readonly scope: string;
  readonly scriptURL: string;
  readonly versionId: number;
  readonly ipc: WorkerIpc;
  isDestroyed(): boolean;
  /** Delivered to `ipcRenderer.on(channel)` in the worker's preload; silently dropped if it is not running. */
  send(channel: string, ...args: unknown[]): void;
  /** Throws once the version is destroyed. */
  startTask(): WorkerTask;
}

/** `session.serviceWorkers` of the apps session. */
export interface ServiceWorkersSurface {
  /**
   * Starts the active worker of the registration with exactly this scope, or resolves with the running one
   * (the same object). Rejects while that worker is "starting" and when there is no such registration, with
   * the same message ("Failed to start service worker."): the caller tells them apart. Resolves with
   * `undefined` when the version it started is redundant by the time Electron looks it up (an update
   * activated a newer one): electron/electron shell/browser/api/electron_api_service_worker_context.cc
   * `DidStartWorkerForScope`.
   */
  startWorkerForScope(scope: string): Promise<ServiceWorkerMainSurface | undefined>;
  /** The live version's object; undefined for an unknown version or one whose status became "stopped". */
  getWorkerFromVersionID(versionId: number): ServiceWorkerMainSurface | undefined;
  /** `running-status-changed`; returns the function that unsubscribes. */
  onRunningStatusChanged(listener: (change: RunningStatusChange) => void): () => void;
}

/** `WebFrameMain`: the frame that sent a page's IPC message, from Electron's own records. */
export interface FrameSurface {
  /** The frame's origin ("null" for an opaque one). */
  readonly origin: string;
  /** The URL of the frame's document (`WebFrameMain.url`): which app a page's call is from. */
  readonly url: string;
}

/** The part of `IpcMainInvokeEvent` the engine reads. */
export interface PageInvokeEvent {
  /** Null once the frame navigated away or was destroyed. */
  readonly senderFrame: FrameSurface | null;
}

/** IPC of the apps session's pages (`ipcRenderer.invoke` from the app-page preload). */
export interface AppPagesSurface {
  /**
   * Handles `channel` for frames of the apps session only; the surface refuses invokes from any other
   * session (the host's own UI) before they reach `listener`.
   */
  handle(channel: string, listener: (event: PageInvokeEvent, ...args: unknown[]) => unknown): void;
  removeHandler(channel: string): void;
  /** The origins of the main frames of the apps session's open pages (window clients). */
  topLevelOrigins(): string[];
}

export interface ElectronSurface {
  serviceWorkers: ServiceWorkersSurface;
  pages: AppPagesSurface;
}

// ── The renderer side: what the preloads use (preload/service-worker.ts, preload/app-page.ts) ──────────

/** `ipcRenderer` in a preload: `invoke` reaches the engine's handler, `on` receives `ServiceWorkerMain.send`. */
export interface RendererIpc {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  on(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
}

/**
 * `contextBridge.executeInMainWorld`: `func` is serialised (its source runs in the page's or worker's own
 * world, with no closure); `args` are copied between worlds, functions crossing as callable proxies
 * (electron/electron `docs/api/context-bridge.md`, `spec/fixtures/api/preload-realm/preload-tests.js`).
 */
export interface MainWorldBridge {
  // biome-ignore lint/suspicious/noExplicitAny: Electron's own type for a function of any arguments
  executeInMainWorld(script: { func: (...args: any[]) => unknown; args?: unknown[] }): unknown;
}
