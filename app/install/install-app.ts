import type { Clock } from '../clock/clock.ts';
import type { AppPage, BrowserPages, NavigationResult, ParsedManifest } from '../engine/browser-pages.ts';
import type { Logger } from '../logging/logger.ts';
import type { AppInput } from '../store/apps-table.ts';
import type { AppRecord } from '../store/records.ts';
import type { Store } from '../store/store.ts';
import { appIdFor } from './app-id.ts';
import { InstallAttempt } from './install-attempt.ts';
import { installErrors } from './install-errors.ts';
import type { InstallProgress } from './install-progress.ts';
import { commitIcons, saveIcons } from './save-icons.ts';
import { isSecureOrigin } from './secure-origin.ts';

export interface InstallContext {
  store: Store;
  pages: BrowserPages;
  dataDir: string;
  clock: Clock;
  logger: Logger;
  /** Runs when everything else succeeded, just before the install is recorded as complete (launchers). */
  beforeCommit?: (app: AppRecord) => Promise<void>;
}

export const INSTALL_LIMITS = {
  loadTimeoutMs: 20_000,
  serviceWorkerTimeoutMs: 10_000,
  settleIdleMs: 1000,
  settleMaxMs: 15_000,
};

/** Only secure origins can have service workers: https, or http on the loopback. */
export function parseInstallUrl(input: string): URL {
  let url: URL;
  try {
    url = new URL(input);
  } catch {
    throw installErrors.notAUrl(input);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw installErrors.notAUrl(input);
  if (!isSecureOrigin(url)) throw installErrors.insecure(url.origin);
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

/**
 * `ready` resolves while the worker is still activating; its activate handler (where real apps register
 * periodic syncs) must finish while this page, the origin's window, is still open.
 */
const ACTIVATED = `navigator.serviceWorker.ready.then(({ active }) => new Promise((resolve) => {
  if (!active || active.state === 'activated') return resolve(Boolean(active));
  active.addEventListener('statechange', () => active.state === 'activated' && resolve(true));
  setTimeout(() => resolve(false), ${INSTALL_LIMITS.serviceWorkerTimeoutMs});
}))`;

async function withPage<T>(pages: BrowserPages, work: (page: AppPage) => Promise<T>): Promise<T> {
  const page = await pages.openPage();
  try {
    return await work(page);
  } finally {
    await page.close();
  }
}

/** The tags an update removed with the scope it left: periodic registrations and pending one-off syncs. */
interface RemovedTags {
  periodic: string[];
  oneOff: string[];
}

/** How an update changed an installed app, in words for the install's last progress line. */
function updateSummary(before: AppRecord, after: AppInput, removed: RemovedTags): string {
  const changes = [`updated "${before.name}" (${before.id})`];
  if (after.name !== before.name) changes.push(`now "${after.name}"`);
  if (after.scope !== before.scope) changes.push(`scope ${before.scope} → ${after.scope}`);
  const { periodic, oneOff } = removed;
  if (periodic.length > 0) {
    const noun = periodic.length === 1 ? 'registration' : 'registrations';
    changes.push(`removed ${periodic.length} ${noun} outside the new scope: ${periodic.join(', ')}`);
  }
  if (oneOff.length > 0) {
    const noun = oneOff.length === 1 ? 'pending one-off sync' : 'pending one-off syncs';
    const where = periodic.length > 0 ? 'outside it' : 'outside the new scope';
    changes.push(`dropped ${oneOff.length} ${noun} ${where}: ${oneOff.join(', ')}`);
  }
  return changes.join('; ');
}

/** What an install gives: the app as now installed, and whether it was installed already (an update). */
export type InstallResult = AppRecord & { updated: boolean };

/**
 * Installs (or updates) the PWA whose start page is at `input`: loads it, waits for its service worker,
 * reads the manifest with the browser's parser, stages its icons, then opens the start page once as an
 * installed app so its start-up code can register periodic syncs. Only then is the install recorded as
 * complete (a new app is 'installing' until that moment; an update is written only then). A manifest id
 * that is an installed app's id makes this an update of that app, as in browsers, reported as such.
 * A failed first install leaves nothing behind; a failed update leaves the installed app as it was.
 */
export async function installApp(
  context: InstallContext,
  input: string,
  onProgress: (progress: InstallProgress) => void = () => {},
): Promise<InstallResult> {
  const url = parseInstallUrl(input);
  const { store, pages, dataDir, clock, logger } = context;
  const attempt = new InstallAttempt({ store, pages, dataDir, logger, now: () => clock.now() });
  let stagedIconsOf: string | undefined;
  try {
    attempt.claimOrigin(url.origin, url.href);
    onProgress({ step: 'loading', detail: url.href });
    const { manifest, finalUrl } = await withPage(pages, async (page) => {
      const navigation = await page.navigate(url.href, INSTALL_LIMITS.loadTimeoutMs);
      checkNavigation(url.href, navigation);
      // A redirect: the install is of the origin the page ended on, under the same rules.
      const landed = new URL(navigation.url);
      if (!isSecureOrigin(landed)) throw installErrors.insecure(landed.origin);
      attempt.claimOrigin(landed.origin, landed.href);
      onProgress({ step: 'service-worker' });
      const scope = await page.serviceWorkerReady(INSTALL_LIMITS.serviceWorkerTimeoutMs);
      if (!scope || !(await page.evaluate<boolean>(ACTIVATED))) {
        throw installErrors.noServiceWorker(url.href, INSTALL_LIMITS.serviceWorkerTimeoutMs / 1000);
      }
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
    const origin = new URL(startUrl).origin;
    onProgress({ step: 'icons' });
    stagedIconsOf = id;
    const icons = await saveIcons(dataDir, id, manifest.icons, logger, origin);
    onProgress({ step: 'recording' });
    const existing = store.apps.get(id);
    const installed =
      existing && !store.apps.listInstalling().some((app) => app.id === id) ? existing : undefined;
    const app: AppInput = {
      id,
      manifestId,
      name: manifest.name ?? manifest.shortName ?? new URL(startUrl).host,
      shortName: manifest.shortName ?? null,
      startUrl,
      scope,
      origin,
      display: displayMode(manifest.display),
      themeColor: hexColour(manifest.themeColor),
      backgroundColor: hexColour(manifest.backgroundColor),
      icons,
    };
    if (!installed) attempt.recordNew(app);
    onProgress({ step: 'start-up', detail: startUrl });
    await withPage(pages, async (page) => {
      const navigation = await page.navigate(startUrl, INSTALL_LIMITS.loadTimeoutMs);
      checkNavigation(startUrl, navigation);
      if (!(await page.waitForNetworkIdle(INSTALL_LIMITS.settleIdleMs, INSTALL_LIMITS.settleMaxMs))) {
        throw installErrors.neverSettles(startUrl, INSTALL_LIMITS.settleMaxMs / 1000);
      }
    });
    const now = clock.now();
    const preview: AppRecord = {
      ...app,
      installedAt: installed?.installedAt ?? now,
      updatedAt: now,
      paused: installed?.paused ?? false,
      intervalFloorMs: installed?.intervalFloorMs ?? null,
      notificationsMuted: installed?.notificationsMuted ?? false,
      badge: installed?.badge ?? null,
    };
    // The icons go in place first: the launcher shows one of them. For an update this replaces the
    // installed icons a moment before the record; nothing can fail in between but the launcher's write.
    commitIcons(dataDir, id);
    stagedIconsOf = undefined;
    await context.beforeCommit?.(preview);
    const removedTags = store.transaction(() => {
      const removed: RemovedTags = { periodic: [], oneOff: [] };
      if (installed) {
        store.apps.upsert(app, now);
        // A narrower scope: the app's registrations (and pending syncs) from outside it are no longer the app's.
        const outside = store.registrations
          .list(id)
          .filter((registration) => !registration.scope.startsWith(scope));
        for (const registration of outside) store.registrations.delete(registration.scope, registration.tag);
        const outsideSyncs = store.oneOffSyncs.list(id).filter((sync) => !sync.scope.startsWith(scope));
        for (const sync of outsideSyncs) store.oneOffSyncs.delete(sync.id);
        removed.periodic = outside.map((registration) => registration.tag);
        removed.oneOff = outsideSyncs.map((sync) => sync.tag);
      } else {
        store.apps.markInstalled(id, now);
      }
      // Registrations the install's worker made, and those of the origin's other apps that the new
      // scope now contains more closely, go to the app whose scope contains them.
      attempt.complete();
      return removed;
    });
    onProgress({
      step: 'done',
      detail: installed ? updateSummary(installed, app, removedTags) : 'installed',
    });
    logger.info(
      { app: id, name: app.name, updated: Boolean(installed) },
      installed ? 'app updated' : 'app installed',
    );
    return { ...(store.apps.get(id) ?? preview), updated: installed !== undefined };
  } catch (error) {
    await attempt.undo(stagedIconsOf).catch((undoError: unknown) => {
      logger.error({ error: String(undoError) }, 'could not undo a failed install; the next start will');
    });
    throw error;
  }
}
