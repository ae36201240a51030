import { setImmediate as nextTurn } from 'node:timers/promises';
import type {
  AppPagesSurface,
  ElectronSurface,
  FrameSurface,
  PageInvokeEvent,
  RunningStatusChange,
  ServiceWorkerMainSurface,
  ServiceWorkersSurface,
  WorkerInvokeEvent,
  WorkerIpc,
  WorkerRunningStatus,
  WorkerTask,
} from '../../app/engine-electron/electron-surface.ts';
import { SHIM_CHANNEL } from '../../app/engine-electron/shim-channel.ts';

/**
 * A stand-in of the Electron surface the Electron engine uses (the port in
 * app/engine-electron/electron-surface.ts). Each behaviour names the electron/electron file it follows
 * (paths at the v45 nightlies; the spec tests are spec/api-service-worker-main-spec.ts and
 * spec/api-service-workers-spec.ts):
 * - `startWorkerForScope` starts a stopped worker, resolves with the same object when it runs, and rejects
 *   ("Failed to start service worker.") while it is starting and when there is no registration
 *   (shell/browser/api/electron_api_service_worker_context.cc `DidFailToStartWorkerForScope`); it resolves
 *   with `undefined` when the version it started is redundant by then — an update activated another one
 *   (same file, `DidStartWorkerForScope` → `GetWorkerFromVersionID`, which returns nothing for a
 *   redundant version: electron_api_service_worker_main.cc `ServiceWorkerMain::From`);
 * - `ServiceWorkerMain.send` is dropped silently when the worker is not running
 *   (electron_api_service_worker_main.cc `GetRendererApi`);
 * - a new version is a new object; the same version keeps its object and `ipc.handle` across stop/start
 *   (lib/browser/api/service-worker-main.ts: `ipc` is made once per object); a second `handle` for a
 *   channel throws, as ipcMain's does (lib/browser/ipc-main-impl.ts);
 * - `startTask()` keeps the worker alive (it never idle-stops while a task is open); `startTask` and
 *   `end` throw once the version is destroyed (electron_api_service_worker_main.cc
 *   `StartExternalRequest`); a version is destroyed after its registration is deleted;
 * - a destroyed version's `scope` and `scriptURL` are empty (electron_api_service_worker_main.cc
 *   `ScopeURL`/`ScriptURL` return `{}` once `version_destroyed_`);
 * - `getWorkerFromVersionID` returns nothing once a version's status became "stopped" (docs/api/service-workers.md);
 * - statuses go starting → running → stopping → stopped, or starting → stopping → stopped when the
 *   script fails.
 *
 * Its workers stand in for a worker running the shim: they answer `dispatch` by tag the way the contract
 * suite's fixture worker does ("fail" rejects, "hang" never settles, "slow-<ms>" waits).
 */

export class FakeWorkerIpc implements WorkerIpc {
  readonly handlers = new Map<string, (event: WorkerInvokeEvent, ...args: unknown[]) => unknown>();

  handle(channel: string, listener: (event: WorkerInvokeEvent, ...args: unknown[]) => unknown): void {
    if (this.handlers.has(channel))
      throw new Error(`Attempted to register a second handler for '${channel}'`);
    this.handlers.set(channel, listener);
  }

  removeHandler(channel: string): void {
    this.handlers.delete(channel);
  }
}

export class FakeServiceWorkerMain implements ServiceWorkerMainSurface {
  readonly #scope: string;
  readonly #scriptURL: string;
  readonly versionId: number;
  readonly ipc = new FakeWorkerIpc();
  status: WorkerRunningStatus = 'stopped';
  destroyed = false;
  openTasks = 0;
  /** Messages delivered to the worker side (its preload's ipcRenderer.on). */
  readonly received: string[] = [];
  readonly #fake: FakeServiceWorkers;

  constructor(fake: FakeServiceWorkers, scope: string, versionId: number) {
    this.#fake = fake;
    this.#scope = scope;
    this.#scriptURL = `${scope}sw.js`;
    this.versionId = versionId;
  }

  /** Empty once the version is destroyed, as Electron's (`ScopeURL()` returns `{}`). */
  get scope(): string {
    return this.destroyed ? '' : this.#scope;
  }

  get scriptURL(): string {
    return this.destroyed ? '' : this.#scriptURL;
  }

  isDestroyed(): boolean {
    return this.destroyed;
  }

  send(channel: string, ...args: unknown[]): void {
    if (this.status !== 'running') return; // silently dropped
    if (channel !== SHIM_CHANNEL || typeof args[0] !== 'string') return;
    const text = args[0];
    this.received.push(text);
    void nextTurn().then(() => this.#fake.workerReceives(this, text));
  }

  startTask(): WorkerTask {
    if (this.destroyed) throw new Error('Service worker has been destroyed');
    this.openTasks += 1;
    this.#fake.cancelIdleStop(this);
    let ended = false;
    return {
      end: () => {
        if (this.destroyed) throw new Error('Service worker has been destroyed');
        if (ended) return;
        ended = true;
        this.openTasks -= 1;
        this.#fake.scheduleIdleStop(this);
      },
    };
  }

  /** The worker side: what its preload does with `ipcRenderer.invoke` (no handler: the invoke rejects). */
  async invoke(message: unknown): Promise<unknown> {
    const handler = this.ipc.handlers.get(SHIM_CHANNEL);
    if (!handler) throw new Error(`No handler registered for '${SHIM_CHANNEL}'`);
    const answer = await handler({}, JSON.stringify(message));
    return typeof answer === 'string' ? JSON.parse(answer) : answer;
  }
}

interface FakeRegistration {
  active: FakeServiceWorkerMain | undefined;
  /** How many of the next starts of the active version fail while starting (a script error). */
  failingStarts: number;
  /** How many of the next starts find the version they started redundant (an update under way). */
  redundantStarts: number;
}

export interface FakeServiceWorkersOptions {
  /** How long a start takes (between "starting" and "running"). */
  startMs?: number;
  /** Chromium's idle timeout: a worker with no task and no event stops after this long. */
  idleMs?: number;
}

export class FakeServiceWorkers implements ServiceWorkersSurface {
  readonly registrations = new Map<string, FakeRegistration>();
  /** Every object ever handed out, by version: a new version is a new object. */
  readonly versions = new Map<number, FakeServiceWorkerMain>();
  readonly startCalls: string[] = [];
  readonly #listeners = new Set<(change: RunningStatusChange) => void>();
  readonly #idleTimers = new Map<number, NodeJS.Timeout>();
  readonly #starts = new Map<number, Promise<void>>();
  readonly #options: Required<FakeServiceWorkersOptions>;
  #nextVersion = 1;

  constructor(options: FakeServiceWorkersOptions = {}) {
    this.#options = { startMs: options.startMs ?? 20, idleMs: options.idleMs ?? 30_000 };
  }

  // ── the surface ─────────────────────────────────────────────────────────────────────────────

  async startWorkerForScope(scope: string): Promise<ServiceWorkerMainSurface | undefined> {
    this.startCalls.push(scope);
    await nextTurn();
    const active = this.registrations.get(scope)?.active;
    if (!active || active.status === 'starting' || active.status === 'stopping')
      throw new Error('Failed to start service worker.');
    const registration = this.registrations.get(scope);
    if (registration && registration.redundantStarts > 0) {
      registration.redundantStarts -= 1;
      return undefined;
    }
    if (active.status === 'running') return active;
    await this.#start(active);
    // The start can fail while starting (a script error).
    if ((active.status as WorkerRunningStatus) !== 'running')
      throw new Error('Failed to start service worker.');
    return active;
  }

  getWorkerFromVersionID(versionId: number): ServiceWorkerMainSurface | undefined {
    const worker = this.versions.get(versionId);
    return worker && worker.status !== 'stopped' && !worker.destroyed ? worker : undefined;
  }

  onRunningStatusChanged(listener: (change: RunningStatusChange) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  // ── what pages and the browser do (test hooks) ──────────────────────────────────────────────

  /** A page registered a worker for `scope` and it became active (stopped until something starts it). */
  register(scope: string): FakeServiceWorkerMain {
    const worker = new FakeServiceWorkerMain(this, scope, this.#nextVersion++);
    this.versions.set(worker.versionId, worker);
    this.registrations.set(scope, { active: worker, failingStarts: 0, redundantStarts: 0 });
    return worker;
  }

  /** A new version of the script was installed and activated: a new object; the old one is destroyed. */
  async update(scope: string): Promise<FakeServiceWorkerMain> {
    const registration = this.#registration(scope);
    const old = registration.active;
    const worker = new FakeServiceWorkerMain(this, scope, this.#nextVersion++);
    this.versions.set(worker.versionId, worker);
    await this.#start(worker);
    registration.active = worker;
    if (old) {
      await this.#stop(old);
      old.destroyed = true;
    }
    return worker;
  }

  /** Something outside the engine (a navigation, an event) starts the worker; resolves once it runs. */
  beginStart(scope: string): Promise<void> {
    const active = this.#registration(scope).active;
    if (!active) throw new Error(`no active worker for ${scope}`);
    return this.#start(active);
  }

  /** The next `count` starts fail while starting (a script that throws, a renderer that dies). */
  failStarts(scope: string, count: number): void {
    this.#registration(scope).failingStarts = count;
  }

  /**
   * The next `count` starts resolve with `undefined`: the version started became redundant before Electron
   * looked it up (an update activating a newer one meanwhile).
   */
  startsFindRedundant(scope: string, count: number): void {
    this.#registration(scope).redundantStarts = count;
  }

  /** The internal `_stopAllWorkers` Electron's spec tests use. */
  async stopAllWorkers(): Promise<void> {
    for (const worker of this.versions.values()) if (worker.status !== 'stopped') await this.#stop(worker);
  }

  /**
   * `registration.unregister()` from a page: the worker stops and its version is destroyed. With
   * `stopping: false` the version is destroyed while still reported running (seen in Chromium with a
   * DevTools session attached; Electron does not document the order).
   */
  async unregister(scope: string, { stopping = true } = {}): Promise<void> {
    const registration = this.#registration(scope);
    this.registrations.delete(scope);
    const active = registration.active;
    if (!active) return;
    if (stopping && active.status !== 'stopped') await this.#stop(active);
    await nextTurn();
    active.destroyed = true;
  }

  /** The worker's renderer went away: it stops with no goodbye. */
  async crash(scope: string): Promise<void> {
    const active = this.#registration(scope).active;
    if (active) await this.#stop(active);
  }

  running(scope: string): FakeServiceWorkerMain | undefined {
    const active = this.registrations.get(scope)?.active;
    return active?.status === 'running' ? active : undefined;
  }

  dispose(): void {
    for (const timer of this.#idleTimers.values()) clearTimeout(timer);
    this.#idleTimers.clear();
  }

  // ── the fake's own lifecycle ────────────────────────────────────────────────────────────────

  #registration(scope: string): FakeRegistration {
    const registration = this.registrations.get(scope);
    if (!registration) throw new Error(`no registration for ${scope}`);
    return registration;
  }

  #start(worker: FakeServiceWorkerMain): Promise<void> {
    const under = this.#starts.get(worker.versionId);
    if (under) return under;
    const starting = (async () => {
      this.#setStatus(worker, 'starting');
      // The preload runs here, before the worker's script: the shim says it is ready.
      await worker.invoke({ type: 'ready', kind: 'service-worker' }).catch(() => {});
      await new Promise((resolve) => setTimeout(resolve, this.#options.startMs));
      const registration = this.registrations.get(worker.scope);
      if (registration && registration.failingStarts > 0 && registration.active === worker) {
        registration.failingStarts -= 1;
        await this.#stop(worker);
        return;
      }
      this.#setStatus(worker, 'running');
      this.scheduleIdleStop(worker);
    })().finally(() => this.#starts.delete(worker.versionId));
    this.#starts.set(worker.versionId, starting);
    return starting;
  }

  async #stop(worker: FakeServiceWorkerMain): Promise<void> {
    this.cancelIdleStop(worker);
    this.#setStatus(worker, 'stopping');
    await nextTurn();
    this.#setStatus(worker, 'stopped');
  }

  #setStatus(worker: FakeServiceWorkerMain, runningStatus: WorkerRunningStatus): void {
    worker.status = runningStatus;
    for (const listener of [...this.#listeners]) listener({ versionId: worker.versionId, runningStatus });
  }

  scheduleIdleStop(worker: FakeServiceWorkerMain): void {
    this.cancelIdleStop(worker);
    if (worker.openTasks > 0 || worker.status !== 'running') return;
    const timer = setTimeout(() => {
      this.#idleTimers.delete(worker.versionId);
      if (worker.openTasks === 0 && worker.status === 'running') void this.#stop(worker);
    }, this.#options.idleMs);
    this.#idleTimers.set(worker.versionId, timer);
  }

  cancelIdleStop(worker: FakeServiceWorkerMain): void {
    clearTimeout(this.#idleTimers.get(worker.versionId));
    this.#idleTimers.delete(worker.versionId);
  }

  /**
   * The worker's shim got a message from the host: a dispatch (periodicsync or sync) runs the handler for its
   * tag ("last-chance-<true|false>" checks a sync's lastChance); a notification
   * click or close runs the fixture worker's handler (a notification tagged "fail" rejects).
   */
  async workerReceives(worker: FakeServiceWorkerMain, text: string): Promise<void> {
    const message = JSON.parse(text) as {
      type: string;
      id: number;
      tag: string;
      lastChance?: boolean;
      notification?: { options: { tag: string } };
    };
    const done = (ok: boolean, error: string | null) =>
      worker.status === 'running'
        ? worker.invoke({ type: 'eventDone', id: message.id, ok, error }).catch(() => {})
        : undefined;
    if (message.type === 'notificationEvent') {
      const failing = message.notification?.options.tag === 'fail';
      return void done(!failing, failing ? 'Error: the notificationclick handler rejected' : null);
    }
    if (message.type !== 'dispatch' && message.type !== 'dispatchSync') return;
    if (message.tag === 'fail') return void done(false, 'Error: the handler rejected (fixture "fail")');
    const expected = /^last-chance-(true|false)$/.exec(message.tag);
    if (expected && String(message.lastChance) !== expected[1])
      return void done(false, `Error: lastChance was ${message.lastChance}`);
    if (message.tag === 'hang') return; // its waitUntil promise never settles
    const slow = /^slow-(\d+)$/.exec(message.tag);
    if (slow) await new Promise((resolve) => setTimeout(resolve, Number(slow[1])));
    void done(true, null);
  }
}

/** The apps session's pages: the test plays a frame invoking the shim channel. */
export class FakeAppPages implements AppPagesSurface {
  readonly origins: string[] = [];
  #handler: ((event: PageInvokeEvent, ...args: unknown[]) => unknown) | undefined;

  handle(channel: string, listener: (event: PageInvokeEvent, ...args: unknown[]) => unknown): void {
    if (channel !== SHIM_CHANNEL) throw new Error(`unexpected channel ${channel}`);
    if (this.#handler) throw new Error(`Attempted to register a second handler for '${channel}'`);
    this.#handler = listener;
  }

  removeHandler(): void {
    this.#handler = undefined;
  }

  topLevelOrigins(): string[] {
    return [...this.origins];
  }

  /** `ipcRenderer.invoke` from a frame; `senderFrame` null: the frame navigated away meanwhile. */
  async invoke(frame: FrameSurface | null, payload: unknown): Promise<unknown> {
    if (!this.#handler) throw new Error(`No handler registered for '${SHIM_CHANNEL}'`);
    const answer = await this.#handler({ senderFrame: frame }, payload);
    return typeof answer === 'string' ? JSON.parse(answer) : answer;
  }
}

export function fakeElectronSurface(options?: FakeServiceWorkersOptions): {
  surface: ElectronSurface;
  serviceWorkers: FakeServiceWorkers;
  pages: FakeAppPages;
} {
  const serviceWorkers = new FakeServiceWorkers(options);
  const pages = new FakeAppPages();
  return { surface: { serviceWorkers, pages }, serviceWorkers, pages };
}
