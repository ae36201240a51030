import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { FailureAlert, RunSummary } from '../../app/host/host-operations.ts';
import { Store } from '../../app/store/store.ts';
import { startFixtureServer } from '../fixtures/pwa-server.ts';
import { tempDataDir } from '../helpers/harness.ts';
import { BIN, runProcess } from './helpers/run-cli.ts';

/** Makes every registration of the data dir due now, as if the machine slept through them. */
function makeEverythingDue(dataDir: string): void {
  const store = Store.open(dataDir);
  try {
    for (const registration of store.registrations.list())
      store.registrations.setNextDue(registration.id, Date.now() - 1000);
  } finally {
    store.close();
  }
}

test('`serve --run-due` exits 0 when a task of an app failed (the failure is in runs and alerts), and 1 when the host could not run', async (t) => {
  const news = await startFixtureServer('news');
  t.after(() => news.close());
  const dataDir = tempDataDir(t);
  const cli = (...args: string[]) => runProcess(BIN, ['--data-dir', dataDir, ...args]);
  // The worker registers "fail" (its handler rejects) from its install handler.
  const installed = await cli(
    'install',
    `${news.origin}/?sw=${encodeURIComponent('sw.js?install-tag=fail')}`,
  );
  assert.equal(installed.exitCode, 0, installed.stderr);
  assert.equal((await cli('config', 'set', 'failure-alert-after', '1')).exitCode, 0);

  makeEverythingDue(dataDir);
  const wake = await cli('--json', 'serve', '--run-due');
  assert.equal(wake.exitCode, 0, `the wake-up run did its job: ${wake.stderr}`);
  const ran = JSON.parse(wake.stdout) as RunSummary[];
  assert.equal(ran.find((run) => run.tag === 'fail')?.outcome, 'failed');
  const recorded = JSON.parse((await cli('--json', 'runs', '--tag', 'fail')).stdout) as RunSummary[];
  assert.deepEqual(
    recorded.map((run) => run.outcome),
    ['failed'],
  );
  const alerts = JSON.parse((await cli('--json', 'alerts')).stdout) as FailureAlert[];
  // (The page's own get-latest-news ran as well; only the failing task matters here.)
  assert.deepEqual(
    alerts.filter((alert) => alert.tag === 'fail').map(({ appName, tag }) => ({ appName, tag })),
    [{ appName: 'Fixture News', tag: 'fail' }],
  );

  // The host itself cannot run: its browser is not there.
  makeEverythingDue(dataDir);
  const broken = await cli('serve', '--run-due', '--chromium', '/nonexistent/chromium');
  assert.equal(broken.exitCode, 1);
  assert.match(broken.stderr, /nonexistent\/chromium/);
});
