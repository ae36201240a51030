import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { waitUntil } from '../../app/base/wait.ts';
import type { BrowserPages } from '../../app/engine/browser-pages.ts';
import type { CdpConnection, CdpEventHandler } from '../../app/engine-chromium/cdp-connection.ts';
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

const root = fileURLToPath(new URL('../../', import.meta.url));

/**
 * The preloads a session runs, as CommonJS bundle text (what `npm run build:desktop` writes to
 * dist/preload/<name>.js): `undefined` where none is registered, or where Electron would not run it.
 */
export interface SessionPreloads {
  serviceWorker: string | undefined;
  frame: string | undefined;
}

/** preload/service-worker.ts and preload/app-page.ts bundled exactly as scripts/build-desktop.ts does. */
export async function bundlePreloads(): Promise<SessionPreloads> {
  const bundle = async (entry: string) => {
    const result = await build({
      entryPoints: [entry],
      absWorkingDir: root,
      bundle: true,
      format: 'cjs',
      platform: 'browser',
      target: 'chrome140',
      external: ['electron'],
      resolveExtensions: ['.ts', '.js'],
      write: false,
    });
    const [output] = result.outputFiles;
    if (!output) throw new Error(`esbuild produced no bundle for ${entry}`);
    return output.text;
  };
  const [serviceWorker, frame] = await Promise.all([
    bundle('preload/service-worker.ts'),
    bundle('preload/app-page.ts'),
  ]);
  return { serviceWorker, frame };
}

/**
 * What runs in every page and service worker before their own scripts: the preload bundle for that kind
 * of target, its `require('electron')` answered by stand-ins of `contextBridge` and `ipcRenderer` (carried
 * by a DevTools binding). Chromium has no preload realm, so the preload's top-level names are kept out of
 * the page by a function scope; a target kind with no preload gets nothing.
 */
async function rendererSideSource(names: ShimNames, preloads: SessionPreloads): Promise<string> {
  const result = await build({
    stdin: {
      contents: `
        import { createBindingTransport } from './app/engine-chromium/binding-transport.js';
        import { standInContextBridge, standInIpcRenderer } from './test/helpers/electron-bridge-stand-in.js';
        globalThis.__standInElectron = () => ({
          contextBridge: standInContextBridge(),
          // It carries the IPC transport's messages, which the IPC transport has already bounded.
          ipcRenderer: standInIpcRenderer(createBindingTransport(${JSON.stringify(names.binding)}, ${JSON.stringify(names.listener)}, { maxMessageLength: 1e9, callBudget: { burst: 1e9, perSecond: 1e9 } })),
        });`,
      resolveDir: root,
      sourcefile: 'stand-in-electron-renderer.js',
    },
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: 'chrome140',
    write: false,
  });
  const [output] = result.outputFiles;
  if (!output) throw new Error('esbuild produced no bundle');
  const asFunction = (text: string | undefined) =>
    text === undefined ? 'undefined' : `function (require, module, exports) {\n${text}\n}`;
  return `(() => {
    ${output.text}
    const makeElectron = globalThis.__standInElectron;
    delete globalThis.__standInElectron;
    const isServiceWorker =
      typeof ServiceWorkerGlobalScope !== 'undefined' && globalThis instanceof ServiceWorkerGlobalScope;
    // Frame preloads run in main frames only while nodeIntegrationInSubFrames is off (its default and ours:
    // electron/electron docs/api/structures/web-preferences.md).
    if (!isServiceWorker && globalThis.top !== globalThis) return;
    const preload = isServiceWorker ? ${asFunction(preloads.serviceWorker)} : ${asFunction(preloads.frame)};
    if (preload === undefined) return;
    const electron = makeElectron();
    const require = (name) => {
      if (name === 'electron') return electron;
      throw new Error('a sandboxed preload cannot require ' + name);
    };
    const module = { exports: {} };
    preload(require, module, module.exports);
  })();`;
}

interface Invoke {
  kind: 'invoke';
  invokeId: number;
  channel: string;
  args: unknown[];
}

/** A download as the browser reports it (`Browser.downloadWillBegin`). */
export interface BrowserDownload {
  /** The frame that started it. */
  frameId: string;
  url: string;
  suggestedFilename: string;
}

interface FrameTree {
  frame: { id: string; securityOrigin: string };
  childFrames?: FrameTree[];
}

function findFrame(tree: FrameTree, frameId: string): FrameTree['frame'] | undefined {
  if (tree.frame.id === frameId) return tree.frame;
  for (const child of tree.childFrames ?? []) {
    const found = findFrame(child, frameId);
    if (found) return found;
  }
  return undefined;
}

/** The frame that sent a page's invoke, as the browser's execution context tells it. */
export interface InvokingFrame {
  target: AttachedTarget;
  origin: string | undefined;
  /** The frame's document URL (WebFrameMain.url); '' before its first navigation is known. */
  url: string;
  /** Whether it is the page's main frame. */
  isMainFrame: boolean;
}

export interface ElectronInChromiumOptions {
  /** The browser's user-data folder; a fresh temporary one (removed on close) by default. */
  profileDir?: string;
  /** The session's preloads; by default preload/*.ts bundled as the desktop build bundles them. */
  preloads?: SessionPreloads;
  /**
   * Where a page's `ipcRenderer.invoke` goes (Electron's `ipcMain.handle`); by default to the handler the
   * surface's `pages.handle` registered.
   */
  pageInvoke?: (frame: InvokingFrame, channel: string, args: unknown[]) => unknown;
}

/**
 * A worker version as Electron's `ServiceWorkerMain`, backed by the real worker in Chromium: `send` reaches
 * the preload's `ipcRenderer.on` (dropped unless running), `ipc.handle` answers its `invoke`s. Its `scope`
 * and `scriptURL` are empty once the version is destroyed, as Electron's are (electron/electron
 * shell/browser/api/electron_api_service_worker_main.cc `ScopeURL`/`ScriptURL`).
 */
class ChromiumServiceWorkerMain implements ServiceWorkerMainSurface {
  readonly #scope: string;
  readonly #scriptURL: string;
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
    this.#scope = scope;
    this.#scriptURL = version.scriptURL;
    this.versionId = Number(version.versionId);
  }

  get scope(): string {
    return this.isDestroyed() ? '' : this.#scope;
  }

  get scriptURL(): string {
    return this.isDestroyed() ? '' : this.#scriptURL;
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
    // electron_api_service_worker_main.cc `StartExternalRequest`; Chromium's ServiceWorkerVersion answers
    // kWorkerNotRunning for a stopping or stopped worker, which lib/browser/api/service-worker-main.ts throws.
    if (this.isDestroyed()) throw new TypeError('ServiceWorkerMain is destroyed');
    const status = this.#electron.versionInfo(this.versionId)?.runningStatus;
    if (status === 'stopping' || status === 'stopped')
      throw new Error('Unable to start service worker task.');
    // The DevTools session attached to the worker keeps it alive already; a task has nothing to add here.
    return {
      end: () => {
        // `FinishExternalRequest`: a version gone, or a stopped worker, has no request left to end.
        if (this.isDestroyed()) throw new TypeError('Service worker was not found');
        if (this.#electron.versionInfo(this.versionId)?.runningStatus === 'stopped')
          throw new TypeError('Service worker is no longer running');
      },
    };
  }
}

/**
 * A stand-in of Electron's main process for one session, backed by a real headless Chromium: the Electron
 * engine's port (ElectronSurface) over DevTools, with the preloads' own code (install-shim.ts, the IPC
 * transport, the shared shim) running in the browser's real pages and service workers. What is stood in:
 * Electron's bridge and IPC (carried by a DevTools binding), the preload mechanism (DevTools injection
 * before the page's or worker's script), and `startWorkerForScope`'s rules, kept as Electron's source
 * says (shell/browser/api/electron_api_service_worker_context.cc, and Chromium's
 * service_worker_context_wrapper.cc `FoundRegistrationForStartWorker` → `RunAfterStartWorker`): rejects
 * without an active version (no registration, or a new one's first version still being evaluated), waits
 * for a starting worker and restarts a stopping one, the same object while running, `undefined` for a
 * version that is redundant by then.
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
  readonly #pageInvoke: ElectronInChromiumOptions['pageInvoke'];
  #pageHandler: ((event: PageInvokeEvent, ...args: unknown[]) => unknown) | undefined;
  #controlSession = '';

  static async start(
    executable: string,
    options: ElectronInChromiumOptions = {},
  ): Promise<ElectronInChromium> {
    const profile = options.profileDir ? { dir: options.profileDir, remove: () => {} } : tempProfile();
    const names = freshShimNames();
    const [source, browser] = await Promise.all([
      options.preloads
        ? rendererSideSource(names, options.preloads)
        : bundlePreloads().then((preloads) => rendererSideSource(names, preloads)),
      launchChromium(executable, profile.dir),
    ]);
    const electron = new ElectronInChromium(browser, names, source, profile.remove, options.pageInvoke);
    await electron.#setUp();
    return electron;
  }

  private constructor(
    browser: LaunchedChromium,
    names: ShimNames,
    source: string,
    removeProfile: () => void,
    pageInvoke: ElectronInChromiumOptions['pageInvoke'],
  ) {
    this.#browser = browser;
    this.#cdp = browser.connection;
    this.#names = names;
    this.#removeProfile = removeProfile;
    this.#pageInvoke = pageInvoke;
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
    this.pages = {
      openPage: async () => new ChromiumPage(this.#cdp, await this.openTarget()),
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
    const control = await this.openTarget({ hidden: true });
    this.#controlSession = control.sessionId;
    await cdp.send('ServiceWorker.enable', {}, control.sessionId);
  }

  /** A new page target with the preloads in place (a window's web contents, or a hidden page). */
  async openTarget({ hidden = false } = {}): Promise<AttachedTarget> {
    const { targetId } = await this.#cdp.send<{ targetId: string }>('Target.createTarget', {
      url: 'about:blank',
      ...(hidden ? { hidden: true, background: true } : {}),
    });
    return this.#sessions.waitFor(
      (candidate) => candidate.targetId === targetId && candidate.primed,
      10_000,
      'a new page',
    );
  }

  /** A DevTools command on one target's session, or on the browser's without one. */
  send<T>(method: string, params: object, sessionId?: string): Promise<T> {
    return this.#cdp.send<T>(method, params, sessionId);
  }

  /** The page code install and `open` use, on one of this browser's page targets. */
  pageOf(target: AttachedTarget): ChromiumPage {
    return new ChromiumPage(this.#cdp, target);
  }

  /** Events of `names` on one target's session; returns the function that unsubscribes. */
  onSessionEvents(
    sessionId: string,
    names: readonly string[],
    handler: (method: string, params: Record<string, unknown>) => void,
  ): () => void {
    const unsubscribes = names.map((name) =>
      this.#cdp.on(name, ((params, from) => {
        if (from === sessionId) handler(name, params);
      }) satisfies CdpEventHandler),
    );
    return () => {
      for (const unsubscribe of unsubscribes) unsubscribe();
    };
  }

  /**
   * Downloads the browser began. It denies every one (launchChromium), so no page writes a file; the
   * stand-in session decides what Electron would have done.
   */
  onDownload(listener: (download: BrowserDownload) => void): () => void {
    return this.#cdp.on('Browser.downloadWillBegin', (params) =>
      listener({
        frameId: String(params.frameId),
        url: String(params.url),
        suggestedFilename: String(params.suggestedFilename),
      }),
    );
  }

  /** The page target whose frames include `frameId`, and that frame's origin. */
  async frameOwner(frameId: string): Promise<{ target: AttachedTarget; origin: string } | undefined> {
    // Hidden pages are targets of type "other".
    const pages = this.#sessions.all().filter((candidate) => ['page', 'other'].includes(candidate.type));
    for (const target of pages) {
      const tree = await this.#cdp
        .send<{ frameTree: FrameTree }>('Page.getFrameTree', {}, target.sessionId)
        .catch(() => undefined);
      const frame = tree && findFrame(tree.frameTree, frameId);
      if (frame) return { target, origin: frame.securityOrigin };
    }
    return undefined;
  }

  /** The origin of a page target's main frame, if it shows a document. */
  topLevelOrigin(target: AttachedTarget): string | undefined {
    return this.#sessions.topLevelOrigin(target);
  }

  /** Resolves when `target` is gone (closed, or the browser went away). */
  whenDetached(target: AttachedTarget): Promise<void> {
    return new Promise((resolve) => {
      if (!this.#sessions.get(target.sessionId)) return resolve();
      const unsubscribe = this.#sessions.onDetach((detached) => {
        if (detached.sessionId !== target.sessionId) return;
        unsubscribe();
        resolve();
      });
      void this.#cdp.closed.then(() => resolve());
    });
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

  /** The attached target of a running version, whether or not a preload gave it the shim. */
  #runningWorkerTarget(versionId: number): AttachedTarget | undefined {
    const version = this.versionInfo(versionId);
    if (version?.runningStatus !== 'running' || !version.targetId) return undefined;
    return this.#sessions.byTargetId(version.targetId);
  }

  async #startWorkerForScope(scope: string): Promise<ServiceWorkerMainSurface | undefined> {
    const version = this.#registry.activeVersion(scope);
    const fail = () => new Error('Failed to start service worker.');
    // No registration, or a new one whose first version is still being evaluated (not active yet).
    if (!version) throw fail();
    const versionId = Number(version.versionId);
    // Chromium's RunAfterStartWorker: a stopping worker starts again once stopped, a starting one is waited for.
    const status = () => this.#versions.get(versionId)?.runningStatus;
    if (status() === 'stopping')
      await this.#until(
        () => status() !== 'stopping',
        () => {
          throw fail();
        },
      );
    if (status() === 'stopped')
      await this.#cdp.send('ServiceWorker.startWorker', { scopeURL: scope }, this.#controlSession);
    // Electron resolves once the worker runs (its preload, if any, ran before its script).
    await this.#until(
      () =>
        this.#versions.get(versionId) === undefined || this.#runningWorkerTarget(versionId)?.primed === true,
      () => {
        throw fail();
      },
    );
    // `DidStartWorkerForScope` looks the version up once started: a redundant one gives nothing.
    if (this.#versions.get(versionId) === undefined) return undefined;
    // With a preload, running means the preload said so (its first IPC); give it that moment.
    await waitUntil(() => this.runningTarget(versionId) !== undefined, {
      timeoutMs: 2000,
      onTimeout: () => undefined,
      onChange: (recheck) => this.#sessions.onChange(recheck),
    });
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
  #until<T>(condition: () => T | undefined | false, onTimeout: () => never): Promise<T> {
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
    const context = target.contexts.get(contextId);
    const origin = context?.origin;
    // WebFrameMain.url: the frame's document, as the browser reported its navigation.
    const url = this.#sessions.contextUrl(target, contextId) ?? '';
    if (this.#pageInvoke) {
      return this.#pageInvoke(
        { target, origin, url, isMainFrame: context?.frameId === target.targetId },
        channel,
        args,
      );
    }
    if (!this.#pageHandler) throw new Error(`No handler registered for '${channel}'`);
    return this.#pageHandler({ senderFrame: origin === undefined ? null : { origin, url } }, ...args);
  }

  async deliver(target: AttachedTarget, contextId: number | undefined, message: unknown): Promise<void> {
    const params = {
      expression: deliverToShim(this.#names, message),
      includeCommandLineAPI: true,
      ...(target.type === 'service_worker' || contextId === undefined ? {} : { contextId }),
    };
    await this.#cdp.send('Runtime.evaluate', params, target.sessionId).catch(() => {});
  }

  /** Ends the browser at once, from a process about to exit (no await there). */
  killNow(): void {
    const pid = this.#browser.process.pid;
    if (pid === undefined) return;
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }

  async close(): Promise<void> {
    await this.#browser.kill();
    this.#removeProfile();
  }
}
