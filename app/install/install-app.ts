import { rmSync } from 'node:fs';
import type { Clock } from '../clock/clock.ts';
import type { AppPage, BrowserPages, NavigationResult, ParsedManifest } from '../engine/browser-pages.ts';
import type { InstallProgress } from '../host/host-operations.ts';
import type { Logger } from '../logging/logger.ts';
import type { AppRecord } from '../store/records.ts';
import type { Store } from '../store/store.ts';
import { appIdFor } from './app-id.ts';
import { installErrors } from './install-errors.ts';
import { iconsDir, saveIcons } from './save-icons.ts';

export interface InstallContext {
  store: Store;
  pages: BrowserPages;
  dataDir: string;
  clock: Clock;
  logger: Logger;
}

export const INSTALL_LIMITS = {
  loadTimeoutMs: 20_000,
  serviceWorkerTimeoutMs: 10_000,
  settleIdleMs: 1000,
  settleMaxMs: 15_000,
};

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);
/** Only secure origins can have service workers: https, or http on the loopback. */
export function parseInstallUrl(input: string): URL {
  let url: URL;
  try {
    url = new URL(input);
  } catch {
    throw installErrors.notAUrl(input);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw installErrors.notAUrl(input);
  if (url.protocol === 'http:' && !LOOPBACK_HOSTS.has(url.hostname)) throw installErrors.insecure(url.origin);
  return url;
}

function checkNavigation(url: string, result: NavigationResult): void {
  if (result.kind === 'failed' && result.reason === 'too-many-redirects')
    throw installErrors.redirectLoop(url);
  if (result.kind === 'failed' && result.reason === 'unreachable')
    throw installErrors.unreachable(url, result.detail);
  if (result.status !== undefined && result.status >= 400) throw installErrors.httpError(url, result.status);
  if (result.kind === 'loaded') return;
  if (result.reason === 'timeout') throw installErrors.neverLoaded(url, INSTALL_LIMITS.loadTimeoutMs / 1000);
  throw installErrors.loadFailed(url, result.detail);
}

function usableManifest(
  manifestUrl: string,
  manifest: ParsedManifest | undefined,
  critical: string[],
): ParsedManifest {
  const problems = [...critical];
  if (!manifest) problems.push('the browser could not parse it');
  else if (!manifest.name && !manifest.shortName) problems.push('it has neither "name" nor "short_name"');
  if (problems.length > 0 || !manifest) throw installErrors.manifestErrors(manifestUrl, problems);
  return manifest;
}

/**
 * Browsers silently drop a scope that does not contain start_url and fall back to a default; an app whose
 * manifest says so is misconfigured, and installing it with another scope would surprise its author.
 */
function checkDeclaredScope(manifestUrl: string, rawText: string | undefined): void {
  let raw: { start_url?: unknown; scope?: unknown };
  try {
    raw = JSON.parse(rawText ?? '') as typeof raw;
  } catch {
    return;
  }
  if (typeof raw.scope !== 'string' || typeof raw.start_url !== 'string') return;
  const scope = new URL(raw.scope, manifestUrl).href;
  const startUrl = new URL(raw.start_url, manifestUrl).href;
  if (!startUrl.startsWith(scope)) throw installErrors.startUrlOutsideScope(startUrl, scope);
}

/** Chromium reports display modes as enum names (kStandalone, kMinimalUi); store the manifest's words. */
function displayMode(display: string | undefined): string {
  if (!display) return 'browser';
  return display
    .replace(/^k/, '')
    .replace(/[A-Z]/g, (letter, index: number) => `${index > 0 ? '-' : ''}${letter.toLowerCase()}`);
}

/** rgba(26,115,232,1) → #1a73e8, as colours appear in manifests. */
function hexColour(colour: string | undefined): string | null {
  if (!colour) return null;
  const match = /^rgba?\((\d+),\s*(\d+),\s*(\d+)/.exec(colour);
  if (!match) return colour;
  return `#${match
    .slice(1, 4)
    .map((part) => Number(part).toString(16).padStart(2, '0'))
    .join('')}`;
}

async function withPage<T>(pages: BrowserPages, work: (page: AppPage) => Promise<T>): Promise<T> {
  const page = await pages.openPage();
  try {
    return await work(page);
  } finally {
    await page.close();
  }
}

/**
 * Installs (or updates) the PWA whose start page is at `input`: loads it, waits for its service worker,
 * reads the manifest with the browser's parser, records the app with its icons, then opens the start page
 * once as an installed app so its start-up code can register periodic syncs. A failed first install leaves
 * nothing behind; a failed update keeps the installed app.
 */
export async function installApp(
  context: InstallContext,
  input: string,
  onProgress: (progress: InstallProgress) => void = () => {},
): Promise<AppRecord> {
  const url = parseInstallUrl(input);
  const { store, pages, dataDir, clock, logger } = context;
  const installedBefore = store.apps.listByOrigin(url.origin);
  let recorded: AppRecord | undefined;
  try {
    onProgress({ step: 'loading', detail: url.href });
    const { manifest, finalUrl } = await withPage(pages, async (page) => {
      const navigation = await page.navigate(url.href, INSTALL_LIMITS.loadTimeoutMs);
      checkNavigation(url.href, navigation);
      onProgress({ step: 'service-worker' });
      const scope = await page.serviceWorkerReady(INSTALL_LIMITS.serviceWorkerTimeoutMs);
      if (!scope) throw installErrors.noServiceWorker(url.href, INSTALL_LIMITS.serviceWorkerTimeoutMs / 1000);
      onProgress({ step: 'manifest' });
      const report = await page.readManifest();
      if (!report.manifestUrl) throw installErrors.noManifest(url.href);
      const critical = report.errors.filter((error) => error.critical).map((error) => error.message);
      if (report.installabilityErrors.length > 0) {
        logger.info(
          { url: url.href, installabilityErrors: report.installabilityErrors },
          'installability notes',
        );
      }
      const usable = usableManifest(report.manifestUrl, report.manifest, critical);
      checkDeclaredScope(report.manifestUrl, report.rawText);
      return { manifest: usable, finalUrl: navigation.url };
    });
    const startUrl = manifest.startUrl ?? finalUrl;
    const scope = manifest.scope ?? new URL('.', startUrl).href;
    if (!startUrl.startsWith(scope)) throw installErrors.startUrlOutsideScope(startUrl, scope);
    const manifestId = manifest.id ?? startUrl;
    const id = appIdFor(manifestId);
    onProgress({ step: 'icons' });
    const icons = await saveIcons(dataDir, id, manifest.icons, logger);
    onProgress({ step: 'recording' });
    const existing = store.apps.get(id);
    recorded = store.apps.upsert(
      {
        id,
        manifestId,
        name: manifest.name ?? manifest.shortName ?? new URL(startUrl).host,
        shortName: manifest.shortName ?? null,
        startUrl,
        scope,
        origin: new URL(startUrl).origin,
        display: displayMode(manifest.display),
        themeColor: hexColour(manifest.themeColor),
        backgroundColor: hexColour(manifest.backgroundColor),
        icons,
      },
      clock.now(),
    );
    onProgress({ step: 'start-up', detail: startUrl });
    await withPage(pages, async (page) => {
      const navigation = await page.navigate(startUrl, INSTALL_LIMITS.loadTimeoutMs);
      checkNavigation(startUrl, navigation);
      if (!(await page.waitForNetworkIdle(INSTALL_LIMITS.settleIdleMs, INSTALL_LIMITS.settleMaxMs))) {
        throw installErrors.neverSettles(startUrl, INSTALL_LIMITS.settleMaxMs / 1000);
      }
    });
    onProgress({ step: 'done', detail: existing ? 'updated' : 'installed' });
    logger.info(
      { app: recorded.id, name: recorded.name, updated: Boolean(existing) },
      existing ? 'app updated' : 'app installed',
    );
    return store.apps.get(id) ?? recorded;
  } catch (error) {
    if (installedBefore.length === 0) {
      // A first install that failed: no record, no icons, no worker or storage left in the profile.
      if (recorded) {
        store.apps.delete(recorded.id);
        rmSync(iconsDir(dataDir, recorded.id), { recursive: true, force: true });
      }
      await pages.clearOrigin(url.origin).catch(() => {});
    }
    throw error;
  }
}
