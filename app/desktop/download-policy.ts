import { isInScope } from './navigation-policy.ts';

/** What the shell knows when a page starts a download (Electron's session `will-download`). */
export interface DownloadRequest {
  /** Whose pages: an installed app's (the apps session) or the host's own (pwa-host://, the UI session). */
  session: 'apps' | 'host-ui';
  /**
   * The page it happens in — its top-level URL, and whether its window is on screen — or undefined when
   * Electron names no page (a download with no web contents, or one that is not a window's).
   */
  page: { url: string; shown: boolean } | undefined;
  /** The origin of the frame that started it (`item.getInitiatorOrigin()`; '' when the browser did). */
  initiatorOrigin: string;
}

export type DownloadDecision =
  /** Electron's own save dialog, on the app's window: nothing is written unless the person picks a place. */
  { kind: 'ask-person'; scope: string } | { kind: 'cancel'; reason: string };

/**
 * A download is offered to the person only where a person can have asked for it: a page of an installed
 * app, in a window on screen, started by the app's own origin (not a third-party iframe on it). Electron
 * then shows its save dialog on that window, so a PWA can still export a document or a backup as it would
 * in a browser, and nothing is written where the person did not choose. Everything else is cancelled: a
 * page nobody sees (being installed, re-priming its worker, loaded by `pwa-host open`) would otherwise pop
 * a save dialog out of nowhere, and the host's own pages download nothing.
 */
export function decideDownload(
  request: DownloadRequest,
  installedScopes: readonly string[],
): DownloadDecision {
  if (request.session === 'host-ui')
    return { kind: 'cancel', reason: 'the host’s own pages download nothing' };
  const { page } = request;
  if (page === undefined) return { kind: 'cancel', reason: 'no window of an app started it' };
  if (!page.shown) return { kind: 'cancel', reason: 'a page nobody sees started it' };
  const scope = installedScopes.find((candidate) => isInScope(page.url, candidate));
  if (scope === undefined) return { kind: 'cancel', reason: 'the page is not in an installed app' };
  if (request.initiatorOrigin !== URL.parse(scope)?.origin)
    return { kind: 'cancel', reason: 'another site (an embedded frame) started it' };
  return { kind: 'ask-person', scope };
}
