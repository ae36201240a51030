import type { Logger } from '../logging/logger.ts';
import type { CdpConnection } from './cdp-connection.ts';

/**
 * No page of a browser the host runs may write a file. Debian's `chromium --headless` saves a download
 * (an `<a download>` click, a `Content-Disposition: attachment` response) into the user's ~/Downloads
 * unasked, where `chromium-headless-shell` drops it; both honour `deny`. Applied to the browser's
 * default context, the only one the host uses, before the host opens any page. `eventsEnabled` makes the
 * browser report each denied download, so the host can say which page tried.
 */
export async function denyDownloads(connection: CdpConnection): Promise<void> {
  await connection.send('Browser.setDownloadBehavior', { behavior: 'deny', eventsEnabled: true });
}

/**
 * Logs every download the browser denied, with the page that asked when `pageUrlOf` knows its frame.
 * Returns the function that stops listening.
 */
export function logDeniedDownloads(
  connection: CdpConnection,
  logger: Logger,
  pageUrlOf: (frameId: string) => string | undefined,
): () => void {
  return connection.on('Browser.downloadWillBegin', (params) => {
    const frameId = typeof params.frameId === 'string' ? params.frameId : '';
    logger.warn(
      {
        url: String(params.url).slice(0, 200),
        filename: String(params.suggestedFilename).slice(0, 200),
        page: pageUrlOf(frameId)?.slice(0, 200),
      },
      'a page tried to download a file; the host denies every download',
    );
  });
}
