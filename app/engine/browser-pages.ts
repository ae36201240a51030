/**
 * What the install flow and `open` need from a browser, beyond the engine port: pages of the engine's
 * own profile with the shim in place. Both engines implement it.
 */

/**
 * Why a navigation failed, classified by the engine from its browser's own error codes so no caller
 * matches an error sentence: `unreachable` (refused, unresolved, reset, offline…), `too-many-redirects`,
 * `timeout` (no load event within the time given), `other` (anything else the browser reported).
 */
export type NavigationFailure = 'unreachable' | 'too-many-redirects' | 'timeout' | 'other';

export type NavigationResult =
  | {
      kind: 'loaded';
      /** The URL the page ended on, after redirects. */
      url: string;
      /** The main document's HTTP status, when one arrived. */
      status: number | undefined;
    }
  | {
      kind: 'failed';
      url: string;
      status: number | undefined;
      reason: NavigationFailure;
      /** The browser's own words (e.g. net::ERR_CONNECTION_REFUSED), for people. */
      detail: string;
    };

export interface ManifestIcon {
  url: string;
  sizes?: string | undefined;
  type?: string | undefined;
  purpose?: string | undefined;
}

/** The manifest as the browser parsed it, with URLs resolved. */
export interface ParsedManifest {
  id: string | undefined;
  name: string | undefined;
  shortName: string | undefined;
  startUrl: string | undefined;
  scope: string | undefined;
  display: string | undefined;
  themeColor: string | undefined;
  backgroundColor: string | undefined;
  icons: ManifestIcon[];
}

export interface ManifestReport {
  /** Where the manifest was found; empty when the page links none. */
  manifestUrl: string;
  manifest: ParsedManifest | undefined;
  /** The manifest's text as served, for members the browser's parse leaves out or rewrites. */
  rawText: string | undefined;
  /** Parse errors the browser reported (critical ones make the manifest unusable). */
  errors: { message: string; critical: boolean }[];
  installabilityErrors: string[];
}

export interface AppPage {
  /** Navigates and waits for the load event (bounded); network failures and HTTP errors are results, not rejections. */
  navigate(url: string, timeoutMs: number): Promise<NavigationResult>;
  /** Resolves true once no request has been in flight for `idleMs`, false if that never happens within `maxMs`. */
  waitForNetworkIdle(idleMs: number, maxMs: number): Promise<boolean>;
  readManifest(): Promise<ManifestReport>;
  /** The scope of the registration `navigator.serviceWorker.ready` resolves to, if it does within `timeoutMs`. */
  serviceWorkerReady(timeoutMs: number): Promise<string | undefined>;
  /** Runs `expression` in the page's main frame and returns its (awaited) value. */
  evaluate<T>(expression: string): Promise<T>;
  /** Resolves when the page is closed, by `close()` or otherwise. */
  readonly closed: Promise<void>;
  close(): Promise<void>;
}

export interface BrowserPages {
  openPage(): Promise<AppPage>;
  /** Removes an origin's storage and service worker registrations from the profile. */
  clearOrigin(origin: string): Promise<void>;
  /**
   * Removes one service worker registration from the profile (an app uninstalled from an origin another
   * app keeps). An engine without it leaves the worker (its registrations are gone from the host anyway).
   */
  unregisterWorker?(scope: string): Promise<void>;
  workerScopes(): string[];
  /**
   * For an engine that cannot list the profile's registrations (Electron): look for workers of these
   * scopes, so that `workerScopes()` then lists the ones that exist. Waking a worker costs far less than
   * loading an app's start page. Never throws.
   */
  lookForWorkers?(scopes: readonly string[]): Promise<void>;
}
