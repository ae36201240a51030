import { build } from 'esbuild';
import { waitUntil } from '../../app/base/wait.ts';
import type { BrowserPages } from '../../app/engine/browser-pages.ts';
import type { CdpConnection } from '../../app/engine-chromium/cdp-connection.ts';
import { ChromiumPage } from '../../app/engine-chromium/chromium-page.ts';
import { type LaunchedChromium, launchChromium } from '../../app/engine-chromium/launch-chromium.ts';
import { deliverToShim, freshShimNames, type ShimNames } from '../../app/engine-chromium/shim-source.ts';
import { type AttachedTarget, TargetSessions } from '../../app/engine-chromium/target-sessions.ts';
import {
  type WorkerRegistrationInfo,
  WorkerRegistry,
  type WorkerVersionInfo,
} from '../../app/engine-chromium/worker-registry.ts';
import type {
  ElectronSurface,
  PageInvokeEvent,
  RunningStatusChange,
  ServiceWorkerMainSurface,
  WorkerInvokeEvent,
  WorkerRunningStatus,
  WorkerTask,
} from '../../app/engine-electron/electron-surface.ts';
import { tempProfile, testLogger } from './chromium.ts';

const root = new URL('../../', import.meta.url).pathname;

/**
 * What the preloads run, bundled the way the desktop build bundles preload/*.ts (esbuild, one file, no
 * helpers outside the shim's own function, which Electron serialises), with stand-ins for `contextBridge`
 * and `ipcRenderer` in place of `require('electron')`.
 */
async function rendererSideSource(names: ShimNames): Promise<string> {
  const result = await build({
    stdin: {
      contents: `
        import { installShimInMainWorld } from './app/engine-electron/install-shim.ts';
        import { createBindingTransport } from './app/engine-chromium/binding-transport.js';
        import { standInContextBridge, standInIpcRenderer } from './test/helpers/electron-bridge-stand-in.js';
        installShimInMainWorld(
          standInContextBridge(),
          // It carries the IPC transport's messages, which the IPC transport has already bounded.
          standInIpcRenderer(createBindingTransport(${JSON.stringify(names.binding)}, ${JSON.stringify(names.listener)}, { maxMessageLength: 1e9, callBudget: { burst: 1e9, perSecond: 1e9 } })),
        );`,
      resolveDir: root,
      sourcefile: 'stand-in-preload.js',
    },
    // As scripts/build-desktop.ts bundles preload/*.ts (no keepNames: its helper would be outside the
    // serialised shim function), but as an IIFE: here the preload's code shares the page's global, where in
    // Electron it has a realm of its own, so its top-level names must not leak into the page.
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: 'chrome140',
    write: false,
  });
  const [output] = result.outputFiles;
  if (!output) throw new Error('esbuild produced no bundle');
  return output.text;
}

interface Invoke {
  kind: 'invoke';
  invokeId: number;
  channel: string;
  args: unknown[];
}

/**
 * A worker version as Electron's `ServiceWorkerMain`, backed by the real worker in Chromium: `send` reaches
 * the preload's `ipcRenderer.on` (dropped unless running), `ipc.handle` answers its `invoke`s.
 */
class ChromiumServiceWorkerMain implements ServiceWorkerMainSurface {
  readonly scope: string;
  readonly scriptURL: string;
  readonly versionId: number;
  readonly handlers = new Map<string, (event: WorkerInvokeEvent, ...args: unknown[]) => unknown>();
  readonly ipc = {
    handle: (channel: string, listener: (event: WorkerInvokeEvent, ...args: unknown[]) => unknown) => {
      if (this.handlers.has(channel))
        throw new Error(`Attempted to register a second handler for '${channel}'`);
      this.handlers.set(channel, listener);
    },
    removeHandler: (channel: string) => void this.handlers.delete(channel),
  };
  readonly #electron: ElectronInChromium;

  constructor(electron: ElectronInChromium, scope: string, version: WorkerVersionInfo) {
    this.#electron = electron;
    this.scope = scope;
    this.scriptURL = version.scriptURL;
    this.versionId = Number(version.versionId);
  }

  isDestroyed(): boolean {
    return this.#electron.versionInfo(this.versionId) === undefined;
  }

  send(channel: string, ...args: unknown[]): void {
    const target = this.#electron.runningTarget(this.versionId);
    if (!target) return; // not running: dropped, as Electron does
    void this.#electron.deliver(target, undefined, { kind: 'send', channel, args });
  }

  startTask(): WorkerTask {
    if (this.isDestroyed()) throw new Error('Service worker has been destroyed');
    // The DevTools session attached to the worker keeps it alive already; a task has nothing to add here.
    return {
      end: () => {
        if (this.isDestroyed()) throw new Error('Service worker has been destroyed');
      },
    };
  }
}

/**
 * A stand-in of Electron's main process for one session, backed by a real headless Chromium: the Electron
 * engine's port (ElectronSurface) over DevTools, with the preloads' own code (install-shim.ts, the IPC
 * transport, the shared shim) running in the browser's real pages and service workers. What is stood in:
 * Electron's bridge and IPC (carried by a DevTools binding), the preload mechanism (DevTools injection
 * before the page's or worker's script), and `startWorkerForScope`'s rules, kept as Electron's spec tests
 * document them (rejects while starting or without a registration, the same object while running).
 */
export class ElectronInChromium {
  readonly surface: ElectronSurface;
  readonly pages: BrowserPages;
  readonly #browser: LaunchedChromium;
  readonly #cdp: CdpConnection;
  readonly #names: ShimNames;
  readonly #sessions: TargetSessions;
  readonly #registry = new WorkerRegistry(testLogger);
  readonly #workers = new Map<number, ChromiumServiceWorkerMain>();
  /** Live versions (not redundant, registration not deleted), every status. */
  readonly #versions = new Map<number, WorkerVersionInfo>();
  readonly #statuses = new Map<number, WorkerRunningStatus>();
  readonly #statusListeners = new Set<(change: RunningStatusChange) => void>();
  readonly #removeProfile: () => void;
  #pageHandler: ((event: PageInvokeEvent, ...args: unknown[]) => unknown) | undefined;
  #controlSession = '';

  static async start(executable: string): Promise<ElectronInChromium> {
    const profile = tempProfile();
    const names = freshShimNames();
    const [source, browser] = await Promise.all([
      rendererSideSource(names),
      launchChromium(executable, profile.dir),
    ]);
    const electron = new ElectronInChromium(browser, names, source, profile.remove);
    await electron.#setUp();
    return electron;
  }

  private constructor(
    browser: LaunchedChromium,
    names: ShimNames,
    source: string,
    removeProfile: () => void,
  ) {
    this.#browser = browser;
    this.#cdp = browser.connection;
    this.#names = names;
    this.#removeProfile = removeProfile;
    this.#sessions = new TargetSessions(this.#cdp, source, names.binding, testLogger);
    this.surface = {
      serviceWorkers: {
        startWorkerForScope: (scope) => this.#startWorkerForScope(scope),
        getWorkerFromVersionID: (versionId) =>
          this.#statuses.get(versionId) === 'stopped' ? undefined : this.#workers.get(versionId),
        onRunningStatusChanged: (listener) => {
          this.#statusListeners.add(listener);
          return () => this.#statusListeners.delete(listener);
        },
      },
      pages: {
        handle: (_channel, listener) => {
          this.#pageHandler = listener;
        },
        removeHandler: () => {
          this.#pageHandler = undefined;
        },
        topLevelOrigins: () =>
          this.#sessions.all().flatMap((target) => this.#sessions.topLevelOrigin(target) ?? []),
      },
    };
    const openPage = async () => {
      const { targetId } = await this.#cdp.send<{ targetId: string }>('Target.createTarget', {
        url: 'about:blank',
      });
      const target = await this.#sessions.waitFor(
        (candidate) => candidate.targetId === targetId && candidate.primed,
        10_000,
        'a new page',
      );
      return new ChromiumPage(this.#cdp, target);
    };
    this.pages = {
      openPage,
      clearOrigin: () => Promise.reject(new Error('not part of the stand-in')),
      workerScopes: () => this.#registry.scopes(),
    };
  }

  async #setUp(): Promise<void> {
    const cdp = this.#cdp;
    cdp.on('Runtime.bindingCalled', (params, sessionId) => {
      if (params.name !== this.#names.binding || !sessionId) return;
      void this.#onInvoke(sessionId, String(params.payload), Number(params.executionContextId));
    });
    cdp.on('ServiceWorker.workerRegistrationUpdated', (params) => {
      const registrations = params.registrations as WorkerRegistrationInfo[];
      for (const registration of registrations.filter((candidate) => candidate.isDeleted)) {
        for (const [versionId, version] of this.#versions)
          if (version.registrationId === registration.registrationId) this.#versions.delete(versionId);
      }
      this.#registry.updateRegistrations(registrations);
    });
    cdp.on('ServiceWorker.workerVersionUpdated', (params) => {
      const versions = params.versions as WorkerVersionInfo[];
      for (const version of versions) this.#onVersion(version);
      this.#registry.updateVersions(versions); // last: its change listeners read the versions above
    });
    await this.#sessions.start();
    const { targetId } = await cdp.send<{ targetId: string }>('Target.createTarget', {
      url: 'about:blank',
      hidden: true,
      background: true,
    });
    const control = await this.#sessions.waitFor(
      (target) => target.targetId === targetId && target.primed,
      10_000,
      'the control page',
    );
    this.#controlSession = control.sessionId;
    await cdp.send('ServiceWorker.enable', {}, control.sessionId);
  }

  /** Electron's `running-status-changed`, from the browser's version reports. */
  #onVersion(version: WorkerVersionInfo): void {
    const versionId = Number(version.versionId);
    if (version.status === 'redundant') this.#versions.delete(versionId);
    else this.#versions.set(versionId, version);
    const scope = this.#scopeOf(version);
    if (!this.#workers.has(versionId) && scope)
      this.#workers.set(versionId, new ChromiumServiceWorkerMain(this, scope, version));
    if (this.#statuses.get(versionId) === version.runningStatus) return;
    this.#statuses.set(versionId, version.runningStatus);
    for (const listener of [...this.#statusListeners])
      listener({ versionId, runningStatus: version.runningStatus });
  }

  #scopeOf(version: WorkerVersionInfo): string | undefined {
    return this.#registry
      .scopes()
      .find((scope) => this.#registry.registrationFor(scope)?.registrationId === version.registrationId);
  }

  versionInfo(versionId: number): WorkerVersionInfo | undefined {
    return this.#versions.get(versionId);
  }

  /** The attached worker target of a running version whose shim is installed. */
  runningTarget(versionId: number): AttachedTarget | undefined {
    const version = this.versionInfo(versionId);
    if (version?.runningStatus !== 'running' || !version.targetId) return undefined;
    const target = this.#sessions.byTargetId(version.targetId);
    return target?.shimReady ? target : undefined;
  }

  async #startWorkerForScope(scope: string): Promise<ServiceWorkerMainSurface> {
    const version = this.#registry.activeVersion(scope);
    const fail = () => new Error('Failed to start service worker.');
    if (!version || version.runningStatus === 'starting' || version.runningStatus === 'stopping')
      throw fail();
    if (version.runningStatus === 'stopped')
      await this.#cdp.send('ServiceWorker.startWorker', { scopeURL: scope }, this.#controlSession);
    const versionId = Number(version.versionId);
    // Electron resolves once the worker runs; its preload ran before that.
    await this.#until(
      () => this.runningTarget(versionId) !== undefined,
      () => {
        throw fail();
      },
    );
    const worker = this.#workers.get(versionId);
    if (!worker) throw fail();
    return worker;
  }

  /** Electron's internal `_stopAllWorkers` (its spec tests stop workers with it). */
  async stopAllWorkers(): Promise<void> {
    // The browser does not always answer the command itself: the statuses are what count.
    void this.#cdp.send('ServiceWorker.stopAllWorkers', {}, this.#controlSession).catch(() => {});
    await this.#until(
      () => [...this.#versions.values()].every((version) => version.runningStatus === 'stopped'),
      () => {
        throw new Error('the workers did not stop');
      },
    );
  }

  /** Waits for `condition`, checked on every change the browser reports. */
  #until(condition: () => boolean, onTimeout: () => never): Promise<true> {
    return waitUntil(condition, {
      timeoutMs: 10_000,
      onTimeout,
      onChange: (recheck) => {
        const fromRegistry = this.#registry.onChange(recheck);
        const fromSessions = this.#sessions.onChange(recheck);
        return () => {
          fromRegistry();
          fromSessions();
        };
      },
    });
  }

  async #onInvoke(sessionId: string, payload: string, contextId: number): Promise<void> {
    const target = this.#sessions.get(sessionId);
    const message = JSON.parse(payload) as Invoke;
    if (!target || message.kind !== 'invoke') return;
    let reply: { ok: true; value: unknown } | { ok: false; error: string };
    try {
      reply = { ok: true, value: await this.#answer(target, contextId, message) };
    } catch (error) {
      reply = { ok: false, error: error instanceof Error ? error.message : String(error) };
    }
    await this.deliver(target, contextId, { kind: 'reply', invokeId: message.invokeId, ...reply });
  }

  #answer(target: AttachedTarget, contextId: number, { channel, args }: Invoke): unknown {
    if (target.type === 'service_worker') {
      // The shim's first message says it is installed: from now on the worker can be sent events.
      if (typeof args[0] === 'string' && args[0].includes('"type":"ready"'))
        this.#sessions.markShimReady(target.sessionId);
      const version = [...this.#workers.values()].find(
        (worker) => this.#versions.get(worker.versionId)?.targetId === target.targetId,
      );
      const handler = version?.handlers.get(channel);
      if (!handler) throw new Error(`No handler registered for '${channel}'`);
      return handler({}, ...args);
    }
    if (!this.#pageHandler) throw new Error(`No handler registered for '${channel}'`);
    const origin = target.contexts.get(contextId)?.origin;
    return this.#pageHandler({ senderFrame: origin === undefined ? null : { origin } }, ...args);
  }

  async deliver(target: AttachedTarget, contextId: number | undefined, message: unknown): Promise<void> {
    const params = {
      expression: deliverToShim(this.#names, message),
      includeCommandLineAPI: true,
      ...(target.type === 'service_worker' || contextId === undefined ? {} : { contextId }),
    };
    await this.#cdp.send('Runtime.evaluate', params, target.sessionId).catch(() => {});
  }

  async close(): Promise<void> {
    await this.#browser.kill();
    this.#removeProfile();
  }
}
