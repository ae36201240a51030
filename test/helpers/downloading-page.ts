import type { FixtureServer } from '../fixtures/pwa-server.ts';

/** The page `serveDownloadingPage` puts on the fixture server. */
export const DOWNLOADING_PAGE_PATH = '/downloads.html';

/**
 * Serves a page that downloads twice as soon as it loads — an `<a download>` click on `anchorFile`, then a
 * navigation to `attachmentFile`, which the server answers as a `Content-Disposition: attachment` — and
 * the two files themselves.
 */
export function serveDownloadingPage(
  server: FixtureServer,
  { anchorFile, attachmentFile }: { anchorFile: string; attachmentFile: string },
): void {
  server.override(DOWNLOADING_PAGE_PATH, {
    body: `<!doctype html><title>downloads</title>
<a id="save" href="/${anchorFile}" download>save</a>
<script>
  document.getElementById('save').click();
  setTimeout(() => { location.href = '/${attachmentFile}'; }, 300);
</script>`,
  });
  server.override(`/${anchorFile}`, { type: 'text/plain', body: 'saved by <a download>' });
  server.override(`/${attachmentFile}`, {
    type: 'text/plain',
    body: 'saved as an attachment',
    disposition: `attachment; filename="${attachmentFile}"`,
  });
}
