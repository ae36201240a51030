import { EventEmitter } from 'node:events';
import type { ChromiumPage } from '../../../app/engine-chromium/chromium-page.ts';
import type { AttachedTarget } from '../../../app/engine-chromium/target-sessions.ts';
import type { ElectronInChromium } from '../electron-in-chromium.ts';
import { cancelableEvent, type StandInApp } from './app.ts';
import { onCommand, report, type StandInCommand } from './report.ts';
import type { StandInSession } from './sessions.ts';
import type { StandInImage } from './system.ts';
import type { WindowList } from './window-list.ts';

/**
 * The DevTools events `webContents.debugger` forwards here. Electron forwards every event of the page's
 * session (shell/browser/api/electron_api_debugger.cc `DispatchProtocolMessage`); the stand-in subscribes
 * by name, so it lists the domains' events the app's page code reads.
 */
const DEBUGGER_EVENTS = [
  'Page.loadEventFired',
  'Page.domContentEventFired',
  'Page.frameNavigated',
  'Page.frameStartedLoading',
  'Page.frameStoppedLoading',
  'Page.lifecycleEvent',
  'Network.requestWillBeSent',
  'Network.responseReceived',
  'Network.loadingFinished',
  'Network.loadingFailed',
  'Runtime.executionContextCreated',
  'Runtime.executionContextDestroyed',
  'Runtime.consoleAPICalled',
  'Runtime.exceptionThrown',
] as const;

const LOAD_TIMEOUT_MS = 30_000;

/** What `setWindowOpenHandler` takes (Electron's `HandlerDetails` → `WindowOpenHandlerResponse`). */
type WindowOpenHandler = (details: {
  url: string;
  frameName: string;
  features: string;
  disposition: string;
  referrer: { url: string; policy: string };
}) => unknown;

let nextContentsId = 1;

/** A page of a session's browser, made when the web contents first needs one. */
interface Backed {
  browser: ElectronInChromium;
  target: AttachedTarget;
  page: ChromiumPage;
}

/**
 * `WebContents`. Pages of a session with a browser (the apps session) are real pages of it; the host's
 * own pages load through the session's `protocol.handle` (the handler's Response is the page). Navigation
 * events carry their details on the event, with `preventDefault`
 * (shell/browser/api/electron_api_web_contents.cc `EmitNavigationEvent`), in the throttle's order
 * (`navigate`); `ready-to-show` follows the
 * first load (`OnFirstNonEmptyLayout`), and reaches the window on the next tick (lib/browser/api/web-contents.ts).
 */
export class StandInWebContents extends EventEmitter {
  readonly id = nextContentsId++;
  readonly session: StandInSession;
  readonly navigationHistory = {
    goBack: () => report('history-back', { contents: this.id }),
    goForward: () => report('history-forward', { contents: this.id }),
  };
  readonly debugger: {
    attach(version?: string): void;
    sendCommand(method: string, params?: object): Promise<unknown>;
    on(event: 'message', listener: (...args: unknown[]) => void): unknown;
  };
  readonly #hidden: boolean;
  /** The window showing these contents (`BrowserWindow.fromWebContents`), set by the window. */
  owner: { readonly id: number; isVisible(): boolean; isDestroyed(): boolean } | undefined;
  #url = '';
  #destroyed = false;
  #everLoaded = false;
  #backed: Promise<Backed> | undefined;
  #backedNow: Backed | undefined;
  #windowOpenHandler: WindowOpenHandler | undefined;

  constructor(session: StandInSession, hidden: boolean) {
    super();
    this.session = session;
    this.#hidden = hidden;
    const debuggerEvents = new EventEmitter();
    let attached = false;
    this.debugger = {
      attach: () => {
        if (attached) throw new Error('Another debugger is already attached to this target');
        attached = true;
        // Commands wait for the page; events flow from the moment it exists.
        void this.#backing().then(({ browser, target }) =>
          browser.onSessionEvents(target.sessionId, DEBUGGER_EVENTS, (method, params) =>
            debuggerEvents.emit('message', cancelableEvent(), method, params, undefined),
          ),
        );
      },
      sendCommand: async (method, params = {}) => {
        if (!attached) throw new Error('No target available');
        const { browser, target } = await this.#backing();
        return browser.send(method, params, target.sessionId);
      },
      on: (event, listener) => debuggerEvents.on(event, listener),
    };
  }

  #backing(): Promise<Backed> {
    this.#backed ??= (async () => {
      const browser = await this.session.backing();
      const target = await browser.openTarget({ hidden: this.#hidden });
      const backed = { browser, target, page: browser.pageOf(target) };
      this.#backedNow = backed;
      return backed;
    })();
    return this.#backed;
  }

  /** Runs `expression` in the page's main world as a person's action would (with a user gesture). */
  async evaluate(expression: string): Promise<unknown> {
    const { browser, target } = await this.#backing();
    const reply = await browser.send<{ result: { value?: unknown } }>(
      'Runtime.evaluate',
      { expression, userGesture: true, returnByValue: true },
      target.sessionId,
    );
    return reply.result.value;
  }

  /** The DevTools session of the page backing these contents, if it has one yet. */
  get targetSession(): string | undefined {
    return this.#backedNow?.target.sessionId;
  }

  getURL(): string {
    return this.#url;
  }

  get mainFrame(): { origin: string; url: string; parent: null } {
    const backed = this.#backedNow;
    const fromPage = backed ? backed.browser.topLevelOrigin(backed.target) : undefined;
    const origin = fromPage ?? URL.parse(this.#url)?.origin ?? 'null';
    return { origin, url: this.#url, parent: null };
  }

  isDestroyed(): boolean {
    return this.#destroyed;
  }

  send(channel: string): void {
    report('contents-send', { contents: this.id, channel });
  }

  /** The page's `window.open` and target=_blank links ask it (lib/browser/api/web-contents.ts). */
  setWindowOpenHandler(handler: WindowOpenHandler): void {
    this.#windowOpenHandler = handler;
  }

  /**
   * A `window.open(url)` or a target=_blank link of the page (lib/browser/api/web-contents.ts
   * `_callWindowOpenHandler`, from `-new-window`/`-will-add-new-contents`): with no handler Electron opens a
   * window; a response that is not `{action: 'allow' | 'deny'}` denies (with a console error). Returns what
   * happened; an allowed window is reported (Electron's guest-window-manager would create it).
   */
  windowOpen(details: { url: string; disposition: string }): 'allow' | 'deny' {
    const response = this.#windowOpenHandler?.({
      url: details.url,
      frameName: '',
      features: '',
      disposition: details.disposition,
      referrer: { url: this.#url, policy: 'strict-origin-when-cross-origin' },
    }) ?? { action: 'allow' };
    const action =
      typeof response === 'object' &&
      response !== null &&
      (response as { action?: unknown }).action === 'allow'
        ? 'allow'
        : 'deny';
    if (action === 'allow') report('guest-window-opened', { contents: this.id, url: details.url });
    return action;
  }

  /**
   * Emits a navigation event as Electron does: the details on the event, then the same as arguments
   * (electron_api_web_contents.cc `EmitNavigationEvent`); true when a listener prevented it.
   */
  navigationEvent(name: string, details: { url: string; isMainFrame: boolean }): boolean {
    const event = cancelableEvent({ ...details, isSameDocument: false });
    this.emit(name, event, details.url, false, details.isMainFrame, 0, 0);
    return event.defaultPrevented;
  }

  /**
   * A navigation of one of the page's frames, with the redirects its server answers, through Electron's
   * navigation throttle (shell/browser/electron_navigation_throttle.cc): when it starts, and only if the page
   * started it (a link, `location`, a form — not `loadURL`), `will-frame-navigate` for any frame, then
   * `will-navigate` for the main frame unless the first was prevented; then `will-redirect` for each
   * redirect, in any frame. A prevented event cancels the navigation. Returns the event that did.
   */
  navigate(navigation: {
    url: string;
    isMainFrame: boolean;
    rendererInitiated: boolean;
    redirects: readonly string[];
  }): string | null {
    const { url, isMainFrame } = navigation;
    if (navigation.rendererInitiated) {
      if (this.navigationEvent('will-frame-navigate', { url, isMainFrame })) return 'will-frame-navigate';
      if (isMainFrame && this.navigationEvent('will-navigate', { url, isMainFrame })) return 'will-navigate';
    }
    for (const redirect of navigation.redirects)
      if (this.navigationEvent('will-redirect', { url: redirect, isMainFrame })) return 'will-redirect';
    return null;
  }

  /**
   * `getURL()` is the last committed URL (shell/browser/api/electron_api_web_contents.cc `GetURL`:
   * `GetLastCommittedURL()`): '' until a first load commits, and unchanged by a load that became a download
   * (aborted, nothing committed); an error page commits its URL.
   */
  async loadURL(url: string): Promise<void> {
    if (this.#destroyed) throw new Error('Object has been destroyed');
    this.navigationEvent('did-start-navigation', { url, isMainFrame: true });
    const handler = this.session.protocolHandler(url);
    if (handler) {
      const response = await handler(new Request(url));
      report('load', {
        contents: this.id,
        url,
        status: response.status,
        contentSecurityPolicy: response.headers.get('content-security-policy'),
      });
      this.#url = url;
    } else {
      const { page } = await this.#backing();
      const result = await page.navigate(url, LOAD_TIMEOUT_MS);
      report('load', { contents: this.id, url, status: result.status, outcome: result.kind });
      if (result.kind === 'failed') {
        if (!result.detail.includes('ERR_ABORTED')) this.#url = url;
        throw new Error(`${result.detail} loading '${url}'`);
      }
      this.#url = result.url;
    }
    this.emit('did-finish-load');
    if (!this.#everLoaded) {
      this.#everLoaded = true;
      this.emit('ready-to-show');
    }
  }

  destroy(): void {
    if (this.#destroyed) return;
    this.#destroyed = true;
    const backed = this.#backedNow;
    if (backed) void backed.page.close();
    else if (this.#backed) void this.#backed.then(({ page }) => page.close());
    this.emit('destroyed');
  }
}

/** The `webContents` module: every live web contents, and the ones of page targets. */
export class ContentsRegistry {
  readonly #all = new Set<StandInWebContents>();

  add(contents: StandInWebContents): void {
    this.#all.add(contents);
    contents.once('destroyed', () => this.#all.delete(contents));
  }

  getAllWebContents(): StandInWebContents[] {
    return [...this.#all];
  }

  ofTarget(sessionId: string): StandInWebContents | undefined {
    return [...this.#all].find((contents) => contents.targetSession === sessionId);
  }

  byId(id: number): StandInWebContents | undefined {
    return [...this.#all].find((contents) => contents.id === id);
  }
}

export interface BrowserWindowParts {
  app: StandInApp;
  windows: WindowList;
  contents: ContentsRegistry;
  fromPartition(partition: string): StandInSession;
}

let nextWindowId = 1;

/**
 * `BrowserWindow` (shell/browser/api/electron_api_browser_window.cc, lib/browser/api/browser-window.ts):
 * not before `ready`; `close()` asks (`close` is cancelable), `destroy()` does not; `closed` comes before the
 * window leaves the window list (shell/browser/native_window.cc `NotifyWindowClosed`), and the list's last
 * window going is what `window-all-closed` follows.
 */
export function browserWindowClass(parts: BrowserWindowParts) {
  return class StandInBrowserWindow extends EventEmitter {
    readonly id = nextWindowId++;
    readonly webContents: StandInWebContents;
    #visible: boolean;
    #destroyed = false;

    constructor(
      options: {
        show?: boolean;
        title?: string;
        icon?: StandInImage;
        webPreferences?: Record<string, unknown> & { partition?: string };
      } = {},
    ) {
      super();
      if (!parts.app.isReady()) throw new Error('Cannot create BrowserWindow before app is ready');
      const webPreferences = options.webPreferences ?? {};
      this.#visible = options.show !== false;
      this.webContents = new StandInWebContents(
        parts.fromPartition(webPreferences.partition ?? ''),
        !this.#visible,
      );
      this.webContents.owner = this;
      parts.contents.add(this.webContents);
      parts.windows.add(this);
      this.webContents.on('ready-to-show', () => process.nextTick(() => this.emit('ready-to-show')));
      report('window-created', {
        window: this.id,
        contents: this.webContents.id,
        partition: webPreferences.partition ?? '',
        show: this.#visible,
        title: options.title,
        icon: options.icon ? { path: options.icon.path, empty: options.icon.isEmpty() } : null,
        webPreferences,
      });
      parts.app.emit('web-contents-created', cancelableEvent(), this.webContents);
      parts.app.emit('browser-window-created', cancelableEvent(), this);
    }

    /** The window of `contents`, if it has one still open (NativeWindowRelay in electron_api_browser_window.cc). */
    static fromWebContents(contents: StandInWebContents): StandInBrowserWindow | null {
      const owner = contents.owner;
      return owner instanceof StandInBrowserWindow && !owner.isDestroyed() ? owner : null;
    }

    loadURL(url: string): Promise<void> {
      return this.webContents.loadURL(url);
    }

    isVisible(): boolean {
      return this.#visible && !this.#destroyed;
    }

    show(): void {
      this.#visible = true;
      report('window-shown', { window: this.id, url: this.webContents.getURL() });
    }

    focus(): void {
      report('window-focused', { window: this.id, url: this.webContents.getURL() });
    }

    isMinimized(): boolean {
      return false;
    }

    restore(): void {}

    setMenu(): void {}

    isFullScreen(): boolean {
      return false;
    }

    getNormalBounds() {
      return { x: 0, y: 0, width: 1024, height: 768 };
    }

    isDestroyed(): boolean {
      return this.#destroyed;
    }

    close(): boolean {
      if (this.#destroyed) return true;
      const event = cancelableEvent();
      this.emit('close', event);
      if (event.defaultPrevented) return false;
      this.destroy();
      return true;
    }

    destroy(): void {
      if (this.#destroyed) return;
      this.#destroyed = true;
      this.webContents.destroy();
      report('window-closed', { window: this.id, url: this.webContents.getURL() });
      this.emit('closed');
      parts.windows.remove(this);
    }
  };
}

/** The commands the test sends to a web contents: what its page would do (navigate a frame, open a window). */
export function windowCommands(contents: ContentsRegistry): void {
  const targetOf = (command: StandInCommand) => {
    const target = contents.byId(Number(command.contents));
    if (!target) throw new Error(`no web contents ${String(command.contents)}`);
    return target;
  };
  onCommand('window-open', (command) => ({
    action: targetOf(command).windowOpen({
      url: String(command.url),
      disposition: typeof command.disposition === 'string' ? command.disposition : 'new-window',
    }),
  }));
  // A person clicks an element of the page (a real click in the real page, with a user gesture).
  onCommand('page-click', async (command) => {
    const target = targetOf(command);
    const selector = JSON.stringify(String(command.selector));
    return target.evaluate(
      `(() => { const element = document.querySelector(${selector}); element?.click(); return element !== null; })()`,
    );
  });
  onCommand('navigate', (command) => ({
    cancelledBy: targetOf(command).navigate({
      url: String(command.url),
      isMainFrame: command.isMainFrame === true,
      rendererInitiated: command.rendererInitiated !== false,
      redirects: Array.isArray(command.redirects) ? command.redirects.map(String) : [],
    }),
  }));
}
