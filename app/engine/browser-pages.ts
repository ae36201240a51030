/**
 * What the install flow and `open` need from a browser, beyond the engine port: pages of the engine's
 * own profile with the shim in place. Both engines implement it.
 */

export interface NavigationResult {
  /** The URL the page ended on, after redirects. */
  url: string;
  /** The main document's HTTP status, when one arrived. */
  status: number | undefined;
  /** The browser's reason when the navigation failed (net::ERR_…). */
  errorText: string | undefined;
}

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
  /** Navigates and waits for the load event (bounded); never rejects for network or HTTP failures. */
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
  workerScopes(): string[];
}
