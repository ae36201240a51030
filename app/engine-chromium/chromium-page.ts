import { waitUntil, withTimeout } from '../base/wait.ts';
import type {
  AppPage,
  ManifestReport,
  NavigationFailure,
  NavigationResult,
  ParsedManifest,
} from '../engine/browser-pages.ts';
import type { CdpConnection } from './cdp-connection.ts';
import { ServiceWorkerWatch } from './service-worker-watch.ts';
import type { AttachedTarget } from './target-sessions.ts';

interface WebAppManifest {
  id?: string;
  name?: string;
  shortName?: string;
  startUrl?: string;
  scope?: string;
  display?: string;
  themeColor?: string;
  backgroundColor?: string;
  icons?: { url: string; sizes?: string; type?: string; purpose?: string }[];
}

const CLOSE_TIMEOUT_MS = 5000;

/** A page of the Chromium profile, driven through its DevTools session. */
export class ChromiumPage implements AppPage {
  readonly #cdp: CdpConnection;
  readonly #target: AttachedTarget;
  readonly #inFlight = new Set<string>();
  #lastNetworkActivity = Date.now();
  #documentStatus: number | undefined;
  #loaded: (() => void) | undefined;
  #closedResolve!: () => void;
  readonly closed: Promise<void>;

  constructor(cdp: CdpConnection, target: AttachedTarget) {
    this.#cdp = cdp;
    this.#target = target;
    this.closed = new Promise((resolve) => {
      this.#closedResolve = resolve;
    });
    const mine = (sessionId: string | undefined) => sessionId === target.sessionId;
    const subscriptions: (() => void)[] = [];
    const on = (event: string, handler: Parameters<CdpConnection['on']>[1]) =>
      subscriptions.push(cdp.on(event, handler));
    on('Network.requestWillBeSent', (params, sessionId) => {
      if (!mine(sessionId)) return;
      this.#inFlight.add(String(params.requestId));
      this.#lastNetworkActivity = Date.now();
    });
    const finished = (params: Record<string, unknown>, sessionId: string | undefined) => {
      if (!mine(sessionId)) return;
      this.#inFlight.delete(String(params.requestId));
      this.#lastNetworkActivity = Date.now();
    };
    on('Network.loadingFinished', finished);
    on('Network.loadingFailed', finished);
    on('Network.responseReceived', (params, sessionId) => {
      if (!mine(sessionId) || params.type !== 'Document' || params.frameId !== target.targetId) return;
      this.#documentStatus = Number((params.response as { status: number }).status);
    });
    on('Page.loadEventFired', (_params, sessionId) => {
      if (mine(sessionId)) this.#loaded?.();
    });
    const closed = () => {
      for (const unsubscribe of subscriptions) unsubscribe();
      this.#closedResolve();
    };
    on('Target.detachedFromTarget', (params) => {
      if (params.sessionId === target.sessionId) closed();
    });
    // A page of a browser that went away is closed too; the browser will never detach it.
    void cdp.closed.then(closed);
  }

  async navigate(url: string, timeoutMs: number): Promise<NavigationResult> {
    this.#documentStatus = undefined;
    const loaded = withTimeout(
      new Promise<boolean>((resolve) => {
        this.#loaded = () => resolve(true);
      }),
      timeoutMs,
      () => false,
    );
    const result = await this.#send<{ errorText?: string }>('Page.navigate', { url });
    if (result.errorText) {
      return {
        kind: 'failed',
        url,
        status: this.#documentStatus,
        reason: navigationFailureOf(result.errorText),
        detail: result.errorText,
      };
    }
    const didLoad = await loaded;
    const finalUrl = await this.evaluate<string>('location.href').catch(() => url);
    if (didLoad) return { kind: 'loaded', url: finalUrl, status: this.#documentStatus };
    return {
      kind: 'failed',
      url: finalUrl,
      status: this.#documentStatus,
      reason: 'timeout',
      detail: `the page did not finish loading within ${timeoutMs / 1000} s`,
    };
  }

  async waitForNetworkIdle(idleMs: number, maxMs: number): Promise<boolean> {
    return waitUntil(() => this.#inFlight.size === 0 && Date.now() - this.#lastNetworkActivity >= idleMs, {
      timeoutMs: maxMs,
      onTimeout: () => false,
      pollMs: 100,
    });
  }

  async readManifest(): Promise<ManifestReport> {
    const [manifest, installability] = await Promise.all([
      this.#send<{
        url: string;
        errors: { message: string; critical: number }[];
        data?: string;
        manifest?: WebAppManifest;
      }>('Page.getAppManifest'),
      this.#send<{ installabilityErrors: { errorId: string }[] }>('Page.getInstallabilityErrors').catch(
        () => ({
          installabilityErrors: [],
        }),
      ),
    ]);
    return {
      manifestUrl: manifest.url,
      manifest:
        manifest.url && manifest.manifest ? toParsedManifest(manifest.manifest, manifest.data) : undefined,
      rawText: manifest.data,
      errors: manifest.errors.map((error) => ({ message: error.message, critical: Boolean(error.critical) })),
      installabilityErrors: installability.installabilityErrors.map((error) => error.errorId),
    };
  }

  watchServiceWorker(): Promise<ServiceWorkerWatch> {
    return ServiceWorkerWatch.start(
      this.#cdp,
      this.#target.sessionId,
      () => this.evaluate<string>('location.origin'),
      (timeoutMs) => this.evaluate<string | undefined>(activatedWithin(timeoutMs)),
    );
  }

  async close(): Promise<void> {
    await this.#cdp.send('Target.closeTarget', { targetId: this.#target.targetId }).catch(() => {});
    // The browser confirms by detaching the session; a page it already dropped never will.
    await withTimeout(this.closed, CLOSE_TIMEOUT_MS, () => undefined);
  }

  async evaluate<T>(expression: string): Promise<T> {
    const result = await this.#send<{ result: { value?: T }; exceptionDetails?: { text: string } }>(
      'Runtime.evaluate',
      {
        expression,
        awaitPromise: true,
        returnByValue: true,
      },
    );
    if (result.exceptionDetails) throw new Error(result.exceptionDetails.text);
    return result.result.value as T;
  }

  #send<T>(method: string, params: object = {}): Promise<T> {
    return this.#cdp.send<T>(method, params, this.#target.sessionId);
  }
}

/**
 * The scope of the page's worker once it is active and activated, or undefined after `timeoutMs`. `ready`
 * resolves while the worker may still be activating; its activate handler (where real apps register
 * periodic syncs) must finish while the page, the origin's window, is still open.
 */
function activatedWithin(timeoutMs: number): string {
  return `Promise.race([
    navigator.serviceWorker
      ? navigator.serviceWorker.ready.then((registration) => new Promise((resolve) => {
          const { active } = registration;
          if (!active || active.state === 'activated') return resolve(active ? registration.scope : undefined);
          active.addEventListener('statechange', () => active.state === 'activated' && resolve(registration.scope));
        }))
      : undefined,
    new Promise((resolve) => setTimeout(() => resolve(undefined), ${Number(timeoutMs)})),
  ])`;
}

/** Chromium's parsed form leaves out short_name; the raw text has it. */
function shortNameFrom(rawText: string | undefined): string | undefined {
  try {
    const raw = JSON.parse(rawText ?? '') as { short_name?: unknown };
    return typeof raw.short_name === 'string' && raw.short_name.trim() ? raw.short_name.trim() : undefined;
  } catch {
    return undefined;
  }
}

function toParsedManifest(manifest: WebAppManifest, rawText: string | undefined): ParsedManifest {
  return {
    id: manifest.id || undefined,
    name: manifest.name || undefined,
    shortName: manifest.shortName || shortNameFrom(rawText),
    startUrl: manifest.startUrl || undefined,
    scope: manifest.scope || undefined,
    display: manifest.display || undefined,
    themeColor: manifest.themeColor || undefined,
    backgroundColor: manifest.backgroundColor || undefined,
    icons: (manifest.icons ?? []).map((icon) => ({
      url: icon.url,
      sizes: icon.sizes,
      type: icon.type,
      purpose: icon.purpose,
    })),
  };
}

/** Chromium's net errors that mean the server could not be reached at all. */
const UNREACHABLE =
  /ERR_(CONNECTION_REFUSED|NAME_NOT_RESOLVED|ADDRESS_UNREACHABLE|CONNECTION_TIMED_OUT|INTERNET_DISCONNECTED|CONNECTION_RESET|CONNECTION_CLOSED|EMPTY_RESPONSE)\b/;

/** Classifies Page.navigate's errorText (net::ERR_…), the only place its wording is read. */
export function navigationFailureOf(errorText: string): NavigationFailure {
  if (errorText.includes('ERR_TOO_MANY_REDIRECTS')) return 'too-many-redirects';
  if (UNREACHABLE.test(errorText)) return 'unreachable';
  return 'other';
}
