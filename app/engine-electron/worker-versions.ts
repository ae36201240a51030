import { rethrowListenerError, TypedEmitter } from '../base/typed-emitter.ts';
import { withTimeout } from '../base/wait.ts';
import type {
  RunningStatusChange,
  ServiceWorkerMainSurface,
  ServiceWorkersSurface,
  WorkerRunningStatus,
} from './electron-surface.ts';

/**
 * A worker version as first seen. Its scope and script URL are read then and kept: Electron empties both
 * once the version is destroyed (electron/electron shell/browser/api/electron_api_service_worker_main.cc
 * `ScopeURL`/`ScriptURL`), which is exactly when the engine needs to know which scope lost its worker.
 */
export interface KnownVersion {
  readonly worker: ServiceWorkerMainSurface;
  readonly scope: string;
  readonly scriptURL: string;
  status: WorkerRunningStatus;
}

/**
 * The worker versions of the apps session the engine has seen, from `running-status-changed`. Each new
 * version is a new `ServiceWorkerMain` and is handed to `bind` once, when it is first seen "starting" —
 * before its script runs, so no IPC from the preload or the worker's first lines is missed (Electron's
 * `lib/browser/api/service-worker-main.ts`; spec "can receive a message during startup"). The same version
 * keeps its object and its handlers across stops and starts (spec "works after restarting worker").
 */
export class WorkerVersions {
  readonly #serviceWorkers: ServiceWorkersSurface;
  readonly #bind: (version: KnownVersion) => void;
  readonly #versions = new Map<number, KnownVersion>();
  readonly #events = new TypedEmitter<{ change: RunningStatusChange }>(rethrowListenerError);

  constructor(serviceWorkers: ServiceWorkersSurface, bind: (version: KnownVersion) => void) {
    this.#serviceWorkers = serviceWorkers;
    this.#bind = bind;
  }

  /** A `running-status-changed` event. */
  observe(change: RunningStatusChange): void {
    const known = this.#versions.get(change.versionId);
    if (known) known.status = change.runningStatus;
    else {
      // Electron returns no object for a version whose status became "stopped".
      const worker = this.#serviceWorkers.getWorkerFromVersionID(change.versionId);
      if (worker) this.#add(worker, change.runningStatus);
    }
    this.#events.emit('change', change);
  }

  /** A worker `startWorkerForScope` resolved with: running, and bound if it was not seen before. */
  adopt(worker: ServiceWorkerMainSurface): void {
    const known = this.#versions.get(worker.versionId);
    if (known) known.status = 'running';
    else this.#add(worker, 'running');
  }

  #add(worker: ServiceWorkerMainSurface, status: WorkerRunningStatus): void {
    const known: KnownVersion = { worker, scope: worker.scope, scriptURL: worker.scriptURL, status };
    this.#versions.set(worker.versionId, known);
    this.#bind(known);
  }

  statusOf(versionId: number): WorkerRunningStatus | undefined {
    return this.#versions.get(versionId)?.status;
  }

  workerOf(versionId: number): ServiceWorkerMainSurface | undefined {
    return this.#versions.get(versionId)?.worker;
  }

  /** The scope a version had when first seen (its `scope` is empty once it is destroyed). */
  scopeOf(versionId: number): string | undefined {
    return this.#versions.get(versionId)?.scope;
  }

  /** Whether a version of `scope` is starting now (`startWorkerForScope` rejects while it is). */
  isStarting(scope: string): boolean {
    return this.#live(scope).some((known) => known.status === 'starting');
  }

  isRunning(scope: string): boolean {
    return this.#live(scope).some((known) => known.status === 'running');
  }

  /** Whether Electron still holds a version of `scope` (its registration exists). */
  hasLiveVersion(scope: string, except?: ServiceWorkerMainSurface): boolean {
    return this.#live(scope).some((known) => known.worker !== except);
  }

  #live(scope: string): KnownVersion[] {
    return [...this.#versions.values()].filter(
      (known) => known.scope === scope && !known.worker.isDestroyed(),
    );
  }

  /** The versions seen and not forgotten. */
  all(): KnownVersion[] {
    return [...this.#versions.values()];
  }

  /** A destroyed version: Electron will never report it again. False if it was not known. */
  forget(versionId: number): boolean {
    return this.#versions.delete(versionId);
  }

  /** Calls `listener` on every status change; returns the function that unsubscribes. */
  onChange(listener: (change: RunningStatusChange) => void): () => void {
    return this.#events.on('change', listener);
  }

  /** Resolves at the next status change of a version of `scope`, or after `timeoutMs`. */
  async nextChange(scope: string, timeoutMs: number): Promise<void> {
    let unsubscribe = () => {};
    const changed = new Promise<void>((resolve) => {
      unsubscribe = this.onChange((change) => {
        if (this.#versions.get(change.versionId)?.scope === scope) resolve();
      });
    });
    await withTimeout(changed, timeoutMs, () => undefined).finally(unsubscribe);
  }
}
