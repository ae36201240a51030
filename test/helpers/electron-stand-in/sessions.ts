import { EventEmitter } from 'node:events';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RunningStatusChange } from '../../../app/engine-electron/electron-surface.ts';
import { type BrowserDownload, ElectronInChromium, type InvokingFrame } from '../electron-in-chromium.ts';
import type { StandInApp } from './app.ts';
import { beginDownload, type DownloadingContents, StandInDownloadItem } from './downloads.ts';
import { report } from './report.ts';
import type { StandInProcess } from './stand-in-process.ts';

/**
 * `ipcMain` (lib/browser/ipc-main-impl.ts): `handle` answers `ipcRenderer.invoke`, one handler per channel
 * (a second throws); `on` hears `ipcRenderer.send`.
 */
export class StandInIpcMain extends EventEmitter {
  readonly #handlers = new Map<string, (event: unknown, ...args: unknown[]) => unknown>();

  handle(channel: string, listener: (event: unknown, ...args: unknown[]) => unknown): void {
    if (this.#handlers.has(channel))
      throw new Error(`Attempted to register a second handler for '${channel}'`);
    this.#handlers.set(channel, listener);
  }

  removeHandler(channel: string): void {
    this.#handlers.delete(channel);
  }

  /** A renderer's `ipcRenderer.invoke` (rejects there when no handler answers). */
  async invoke(channel: string, event: unknown, args: unknown[]): Promise<unknown> {
    const handler = this.#handlers.get(channel);
    if (!handler) throw new Error(`No handler registered for '${channel}'`);
    return handler(event, ...args);
  }
}

interface PreloadScript {
  type: 'frame' | 'service-worker';
  id: string;
  filePath: string;
}

/** Finds the web contents a page target belongs to (windows.ts keeps them). */
export type ContentsOfTarget = (
  sessionId: string,
) => (DownloadingContents & { session: StandInSession; getURL(): string }) | undefined;

/**
 * `session.serviceWorkers` (lib/browser/api/session.ts, shell/browser/api/electron_api_service_worker_context.cc):
 * `running-status-changed` with `{versionId, runningStatus}` on the event, `startWorkerForScope`,
 * `getWorkerFromVersionID`, all on the session's real Chromium once it runs.
 */
class StandInServiceWorkers extends EventEmitter {
  readonly #session: StandInSession;

  constructor(session: StandInSession) {
    super();
    this.#session = session;
  }

  async startWorkerForScope(scope: string) {
    const backing = await this.#session.backing();
    return backing.surface.serviceWorkers.startWorkerForScope(scope);
  }

  getWorkerFromVersionID(versionId: number) {
    return this.#session.started?.surface.serviceWorkers.getWorkerFromVersionID(versionId);
  }

  /**
   * The browser reported a status: re-emitted as Electron's event, whose only argument is the details
   * (electron_api_service_worker_context.cc `OnRunningStatusChanged` uses `EmitWithoutEvent`).
   */
  statusChanged(change: RunningStatusChange): void {
    this.emit('running-status-changed', { versionId: change.versionId, runningStatus: change.runningStatus });
  }
}

/**
 * An Electron `Session` for one partition. Its pages and service workers are a real Chromium on the
 * partition's folder (`<userData>/Partitions/<name>` for `persist:` partitions, as Electron keeps them),
 * started the first time something needs it. Preloads registered before that start run there; later ones
 * do not (electron/electron shell/browser/electron_browser_client.cc: a service-worker process runs
 * preloads only if one was registered before it launched). The service-worker preload runs only in
 * sandboxed renderers (shell/renderer/electron_sandboxed_renderer_client.cc
 * `WillEvaluateServiceWorkerOnWorkerThread`; the unsandboxed client has none).
 */
export class StandInSession extends EventEmitter {
  readonly partition: string;
  readonly serviceWorkers: StandInServiceWorkers;
  readonly protocol: {
    handle(scheme: string, handler: (request: Request) => Response | Promise<Response>): void;
  };
  readonly #protocols = new Map<string, (request: Request) => Response | Promise<Response>>();
  readonly #preloads: PreloadScript[] = [];
  readonly #app: StandInApp;
  readonly #process: StandInProcess;
  readonly #ipcMain: StandInIpcMain;
  readonly #contentsOf: ContentsOfTarget;
  #backing: Promise<ElectronInChromium> | undefined;
  started: ElectronInChromium | undefined;
  permissionRequestHandler: unknown;
  permissionCheckHandler: unknown;

  constructor(
    partition: string,
    parts: {
      app: StandInApp;
      process: StandInProcess;
      ipcMain: StandInIpcMain;
      contentsOf: ContentsOfTarget;
    },
  ) {
    super();
    this.partition = partition;
    this.#app = parts.app;
    this.#process = parts.process;
    this.#ipcMain = parts.ipcMain;
    this.#contentsOf = parts.contentsOf;
    this.serviceWorkers = new StandInServiceWorkers(this);
    this.protocol = {
      // lib/browser/api/protocol.ts `handle`: a scheme already handled in this session is refused.
      handle: (scheme, handler) => {
        if (this.#protocols.has(scheme)) throw new Error(`Failed to register protocol: ${scheme}`);
        this.#protocols.set(scheme, handler);
      },
    };
  }

  /** The handler `protocol.handle` registered for a URL's scheme, if any. */
  protocolHandler(url: string): ((request: Request) => Response | Promise<Response>) | undefined {
    return this.#protocols.get(new URL(url).protocol.slice(0, -1));
  }

  registerPreloadScript(script: PreloadScript): string {
    if (this.#backing) report('preload-registered-too-late', { partition: this.partition, id: script.id });
    this.#preloads.push(script);
    return script.id;
  }

  setPermissionRequestHandler(handler: unknown): void {
    this.permissionRequestHandler = handler;
  }

  setPermissionCheckHandler(handler: unknown): void {
    this.permissionCheckHandler = handler;
  }

  setDevicePermissionHandler(_handler: unknown): void {}

  async clearStorageData(options: { origin?: string } = {}): Promise<void> {
    report('clear-storage-data', { partition: this.partition, origin: options.origin });
  }

  /** The session's Chromium, started on first use. */
  backing(): Promise<ElectronInChromium> {
    this.#backing ??= this.#start();
    return this.#backing;
  }

  async #start(): Promise<ElectronInChromium> {
    const executable = this.#process.chromium;
    if (!executable)
      throw new Error(`the stand-in has no browser for ${this.partition} (set PWA_HOST_STAND_IN_CHROMIUM)`);
    const preloadOf = (type: PreloadScript['type']) => {
      const script = this.#preloads.find((candidate) => candidate.type === type);
      return script ? readFileSync(script.filePath, 'utf8') : undefined;
    };
    const name = this.partition.replace(/^persist:/, '');
    const electron = await ElectronInChromium.start(executable, {
      // electron_browser_context.cc: <sessionData>/Partitions/<name>.
      profileDir: join(this.#app.getPath('sessionData'), 'Partitions', name),
      preloads: {
        serviceWorker: this.#process.renderersSandboxed ? preloadOf('service-worker') : undefined,
        frame: preloadOf('frame'),
      },
      pageInvoke: (frame, channel, args) => this.#pageInvoke(frame, channel, args),
    });
    this.#process.onEnd(() => electron.killNow());
    electron.surface.serviceWorkers.onRunningStatusChanged((change) =>
      this.serviceWorkers.statusChanged(change),
    );
    electron.onDownload((download) => void this.#downloadBegan(electron, download));
    this.started = electron;
    report('session-browser-started', { partition: this.partition });
    return electron;
  }

  /**
   * A page's download, with the web contents of the page whose frame started it (content's
   * `DownloadItemUtils::GetWebContents`) and that frame's origin as the item's initiator.
   */
  async #downloadBegan(electron: ElectronInChromium, download: BrowserDownload): Promise<void> {
    const owner = await electron.frameOwner(download.frameId);
    const contents = owner ? this.#contentsOf(owner.target.sessionId) : undefined;
    const item = new StandInDownloadItem({
      url: download.url,
      filename: download.suggestedFilename,
      initiatorOrigin: owner?.origin ?? '',
    });
    beginDownload(this, item, contents ?? null);
  }

  /** A page's `ipcRenderer.invoke`: `ipcMain.handle` gets the sender web contents and its frame. */
  #pageInvoke(frame: InvokingFrame, channel: string, args: unknown[]): Promise<unknown> {
    const sender = this.#contentsOf(frame.target.sessionId);
    if (!sender) throw new Error('an invoke from a page of no web contents');
    const senderFrame = {
      origin: frame.origin ?? 'null',
      // electron_api_web_frame_main.cc `URL()`: the frame's own last committed URL.
      url: frame.url,
      parent: frame.isMainFrame ? null : {},
    };
    return this.#ipcMain.invoke(channel, { sender, senderFrame, processId: 0, frameId: 0 }, args);
  }
}

/** `session` and `protocol` (shell/browser/api/electron_api_session.cc, electron_api_protocol.cc). */
export function sessionModules(parts: ConstructorParameters<typeof StandInSession>[1]) {
  const sessions = new Map<string, StandInSession>();
  const fromPartition = (partition: string) => {
    // electron_api_session.cc `FromPartition`.
    if (!parts.app.isReady()) throw new TypeError('Session can only be received when app is ready');
    let existing = sessions.get(partition);
    if (!existing) {
      existing = new StandInSession(partition, parts);
      sessions.set(partition, existing);
    }
    return existing;
  };
  const privileged: unknown[] = [];
  return {
    session: {
      fromPartition,
      get defaultSession() {
        return fromPartition('');
      },
    },
    protocol: {
      registerSchemesAsPrivileged(schemes: unknown[]) {
        if (parts.app.isReady())
          throw new Error('protocol.registerSchemesAsPrivileged should be called before app is ready');
        privileged.push(...schemes);
        report('schemes-privileged', { schemes });
      },
    },
  };
}
