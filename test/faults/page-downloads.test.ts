import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { waitUntil } from '../../app/base/wait.ts';
import { ManualConnectivity } from '../../app/connectivity/connectivity.ts';
import { ChromiumEngine } from '../../app/engine-chromium/chromium-engine.ts';
import { createHost } from '../../app/host/create-host.ts';
import type { Logger } from '../../app/logging/logger.ts';
import { startFixtureServer } from '../fixtures/pwa-server.ts';
import { browserBackends } from '../helpers/browser-backends.ts';
import { tempProfile } from '../helpers/chromium.ts';
import { DOWNLOADING_PAGE_PATH, serveDownloadingPage } from '../helpers/downloading-page.ts';

/** Every file a download could leave carries this in its name, or is Chromium's unconfirmed `.crdownload`. */
const MARK = 'pwa-host-download';

/**
 * Files a download left in `folders` (searched through) and directly in `flat` (the working directory, a
 * checkout whose node_modules is not worth walking: a browser saves into a folder, not deep inside one).
 */
function filesLeft(folders: readonly string[], flat: string): string[] {
  const deep = folders.flatMap((folder) =>
    existsSync(folder)
      ? readdirSync(folder, { recursive: true, encoding: 'utf8' }).map((name) => join(folder, name))
      : [],
  );
  const top = readdirSync(flat).map((name) => join(flat, name));
  return [...deep, ...top].filter((path) => path.includes(MARK) || path.endsWith('.crdownload'));
}

/** A logger that keeps its warnings, to see what the host said about the page. */
function keptWarnings(): {
  logger: Logger;
  warnings: { fields: Record<string, unknown>; message: string }[];
} {
  const warnings: { fields: Record<string, unknown>; message: string }[] = [];
  const ignore = () => {};
  return {
    warnings,
    logger: {
      debug: ignore,
      info: ignore,
      error: ignore,
      warn: (fields, message) => warnings.push({ fields, message }),
    },
  };
}

describe('a page of the headless host cannot write a file by downloading', { timeout: 120_000 }, () => {
  for (const backend of browserBackends()) {
    test(`${backend.name}: both downloads are denied and logged; no file under the data dir, HOME or the cwd`, async (t) => {
      // The browser inherits HOME, where Debian's chromium saves downloads (~/Downloads) unless denied.
      const home = mkdtempSync(join(tmpdir(), 'pwa-host-home-'));
      const realHome = process.env.HOME;
      process.env.HOME = home;
      t.after(() => {
        process.env.HOME = realHome;
        rmSync(home, { recursive: true, force: true });
      });
      const data = tempProfile();
      t.after(() => data.remove());
      const news = await startFixtureServer('news');
      t.after(() => news.close());
      serveDownloadingPage(news, {
        anchorFile: `${MARK}-anchor.txt`,
        attachmentFile: `${MARK}-attachment.txt`,
      });
      const { logger, warnings } = keptWarnings();
      const engine = new ChromiumEngine({
        profileDir: join(data.dir, 'chromium-profile'),
        executable: backend.executable,
        logger,
      });
      const host = await createHost({
        dataDir: data.dir,
        engine,
        connectivity: new ManualConnectivity(true),
        developerMode: true,
        logger,
      });
      t.after(() => host.close());
      const page = await engine.openPage();
      t.after(() => page.close());

      const navigation = await page.navigate(`${news.origin}${DOWNLOADING_PAGE_PATH}`, 15_000);
      assert.equal(navigation.kind, 'loaded', JSON.stringify(navigation));
      const denials = () =>
        warnings.filter((warning) => warning.message.startsWith('a page tried to download'));
      const folders = [data.dir, home];
      // Both downloads reported, or a file written: whichever comes first (a written file fails below).
      await waitUntil(() => denials().length >= 2 || filesLeft(folders, process.cwd()).length > 0, {
        timeoutMs: 15_000,
        onTimeout: () => undefined,
      });
      // Both requests reached the server: the browser did start each download before denying it.
      await news.waitForRequest(`/${MARK}-attachment.txt`);

      assert.deepEqual(filesLeft(folders, process.cwd()), []);
      assert.deepEqual(
        denials().map((denial) => ({ url: denial.fields.url, page: denial.fields.page })),
        [
          { url: `${news.origin}/${MARK}-anchor.txt`, page: `${news.origin}${DOWNLOADING_PAGE_PATH}` },
          { url: `${news.origin}/${MARK}-attachment.txt`, page: `${news.origin}${DOWNLOADING_PAGE_PATH}` },
        ],
      );
    });
  }
});
