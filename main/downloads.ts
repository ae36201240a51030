import { BrowserWindow, type DownloadItem, type Session, type WebContents } from 'electron';
import { type DownloadRequest, decideDownload } from '../app/desktop/download-policy.ts';
import type { Logger } from '../app/logging/logger.ts';
import { withinOpenBudget } from './security.ts';

/**
 * Every download of `session` goes through `decideDownload`. Without a `will-download` handler Electron
 * shows its save dialog for any page, hidden ones included (shell/browser/electron_download_manager_delegate.cc
 * `OnDownloadPathGenerated`). A cancelled one is stopped with `preventDefault`, which cancels and removes
 * the item before any file or dialog (shell/browser/api/electron_api_session.cc `OnDownloadCreated`); an
 * allowed one is left to Electron's save dialog, within the app's budget so a page cannot stack dialogs.
 */
export function guardDownloads(
  session: Session,
  kind: DownloadRequest['session'],
  installedScopes: () => string[],
  logger: Logger,
): void {
  session.on('will-download', (event, item: DownloadItem, contents: WebContents | null) => {
    const window = contents ? BrowserWindow.fromWebContents(contents) : null;
    const request: DownloadRequest = {
      session: kind,
      page: contents && window ? { url: contents.getURL(), shown: window.isVisible() } : undefined,
      initiatorOrigin: item.getInitiatorOrigin(),
    };
    const decision = decideDownload(request, installedScopes());
    const about = { url: item.getURL().slice(0, 200), page: request.page?.url.slice(0, 200) };
    if (decision.kind === 'ask-person') {
      if (withinOpenBudget(`downloads ${decision.scope}`)) return;
      event.preventDefault();
      logger.warn(about, 'download cancelled: too many in a short time');
      return;
    }
    event.preventDefault();
    logger.warn({ ...about, reason: decision.reason }, 'download cancelled');
  });
}
