import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { EXTERNAL_OPENS_PER_BURST } from '../../app/desktop/external-open-budget.ts';
import { LOG_FILE } from '../../app/host/host-logger.ts';
import { Store } from '../../app/store/store.ts';
import { BIN, runProcess } from '../cli/helpers/run-cli.ts';
import { startFixtureServer } from '../fixtures/pwa-server.ts';
import { browserBackends } from '../helpers/browser-backends.ts';
import { DOWNLOADING_PAGE_PATH, serveDownloadingPage } from '../helpers/downloading-page.ts';
import { buildDesktopApp, launch, reportFile } from '../helpers/electron-stand-in/launch.ts';
import { tempDataDir } from '../helpers/harness.ts';
import { waitFor } from '../helpers/settle.ts';

/**
 * The built desktop app's `will-download` policy, through the Electron stand-in (whose apps session is a
 * real Chromium that denies every download; the stand-in reports what Electron would have done with each).
 */

const chromium = (
  browserBackends().find((backend) => backend.name === 'chromium-headless-shell') ?? browserBackends()[0]
)?.executable;

/** A page with a link a person can click to save a file. */
const SAVE_LINK = `<!doctype html><title>Fixture News</title><a id="save" href="/report.txt" download>Save the report</a>`;

function cli(dataDir: string, ...args: string[]) {
  return runProcess(BIN, ['--data-dir', dataDir, ...args], { PWA_HOST_CONNECTIVITY: 'online' });
}

test('the built app: downloads from hidden pages are cancelled and logged; in an app window on screen the person is asked, a few at a time', {
  timeout: 240_000,
  skip: chromium === undefined ? 'no Chromium to back the apps session' : false,
}, async (t) => {
  const built = await buildDesktopApp(t);
  const news = await startFixtureServer('news');
  t.after(() => news.close());
  serveDownloadingPage(news, { anchorFile: 'report.txt', attachmentFile: 'attachment.txt' });
  const dataDir = tempDataDir(t);
  const installed = await cli(dataDir, 'install', `${news.origin}/`);
  assert.equal(installed.exitCode, 0, installed.stderr);
  const app = (() => {
    const store = Store.open(dataDir, { readonly: true });
    try {
      const [only] = store.apps.list();
      assert.ok(only);
      return only;
    } finally {
      store.close();
    }
  })();
  const report = reportFile(t);
  const start = (...args: string[]) =>
    launch(t, built.electron, [built.developmentFolder, '--data-dir', dataDir, ...args], {
      report,
      chromium,
    });

  const running = start('--background');
  await running.waitFor('tray-created');
  // Re-priming at start loads the start page in a hidden window: let it finish before the page changes.
  const primer = await running.waitFor('window-created', (line) => line.partition === 'persist:apps');
  await running.waitFor('window-closed', (line) => line.window === primer.window);

  // `pwa-host open` loads a page of the app in a hidden window; that page downloads twice at once.
  const opened = await cli(dataDir, 'open', app.id, DOWNLOADING_PAGE_PATH);
  assert.equal(opened.exitCode, 0, opened.stderr);
  const hidden = await running.waitFor(
    'window-created',
    (line) => line.partition === 'persist:apps' && line.show === false && line.window !== primer.window,
  );
  await running.waitFor('download', () => running.lines('download').length >= 2);
  assert.deepEqual(
    running.lines('download').map((line) => [line.contents, line.filename, line.outcome]),
    [
      [hidden.contents, 'report.txt', 'prevented'],
      [hidden.contents, 'attachment.txt', 'prevented'],
    ],
    'no save dialog for a page nobody sees',
  );
  const log = join(dataDir, LOG_FILE);
  await waitFor('the cancelled downloads in the log', () => {
    const lines = existsSync(log) ? readFileSync(log, 'utf8') : '';
    return lines.split('\n').filter((line) => line.includes('a page nobody sees started it')).length === 2;
  });

  // The app's own window, on screen: a person clicks a link to save a file.
  news.override('/', { body: SAVE_LINK });
  const shown = await (async () => {
    const launcher = start(`--app-id=${app.id}`);
    assert.equal(await launcher.exited, 0, launcher.output);
    const window = await running.waitFor(
      'window-created',
      (line) => line.partition === 'persist:apps' && line.title === app.name,
    );
    await running.waitFor('window-shown', (line) => line.window === window.window);
    return window;
  })();
  const clicks = EXTERNAL_OPENS_PER_BURST + 1;
  // One click, then its download, then the next: the stand-in's apps session is a real Chromium, whose
  // DownloadRequestLimiter (chrome/browser/download, against "carpet-bombing"; Electron's content layer has
  // none) folded a burst of clicks into fewer downloads in 1 run of 3 here.
  for (let click = 1; click <= clicks; click += 1) {
    assert.equal(await running.command('page-click', { contents: shown.contents, selector: '#save' }), true);
    await running.waitFor('download', () => running.lines('download').length >= 2 + click);
  }
  assert.deepEqual(
    running
      .lines('download')
      .slice(2)
      .map((line) => [line.contents, line.outcome, line.windowShown]),
    [
      // Electron's save dialog on the app's window (the person chooses where, or cancels)…
      ...Array.from({ length: EXTERNAL_OPENS_PER_BURST }, () => [shown.contents, 'save-dialog', true]),
      // …but a page cannot stack dialogs: past the budget, cancelled.
      [shown.contents, 'prevented', undefined],
    ],
  );
  await waitFor('the refused one in the log', () =>
    readFileSync(log, 'utf8').includes('download cancelled: too many in a short time'),
  );
});
