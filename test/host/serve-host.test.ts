import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { startServeHost } from '../../app/headless/headless-host.ts';
import { startFixtureServer } from '../fixtures/pwa-server.ts';
import { testLogger } from '../helpers/chromium.ts';
import { tempDataDir } from '../helpers/harness.ts';
import { waitFor } from '../helpers/settle.ts';

const startedFor = (requests: { path: string; query: URLSearchParams }[], tag: string) =>
  requests.filter((request) => request.path === '/event-started' && request.query.get('tag') === tag).length;

test('a host restarted on the same data dir keeps its registrations and fires an overdue one exactly once, re-priming a lost profile', async (t) => {
  const news = await startFixtureServer('news');
  t.after(() => news.close());
  const dataDir = tempDataDir(t);
  const options = { dataDir, developerMode: true, settings: { minIntervalFloorMs: 0 }, logger: testLogger };

  const first = await startServeHost(options);
  const app = await first.operations.install({ url: `${news.origin}/` });
  first.host.core.register(app.id, `${news.origin}/`, 'overdue', 4000);
  await first.close();

  // The browser profile is lost (a new machine, or the app was installed under the other engine).
  rmSync(join(dataDir, 'chromium-profile'), { recursive: true, force: true });
  await sleep(9000); // two periods missed while no host ran

  const second = await startServeHost(options);
  t.after(() => second.close());
  assert.deepEqual(
    second.operations
      .syncs()
      .map((sync) => sync.tag)
      .sort(),
    ['get-latest-news', 'overdue'],
    'registrations survive the restart',
  );
  await waitFor('the overdue event', () => startedFor(news.requests, 'overdue') === 1, 15_000);
  const [run] = second.operations.runs({ tag: 'overdue' });
  assert.equal(run?.trigger, 'catch-up');
  await waitFor('the run to end', () => second.operations.runs({ tag: 'overdue' })[0]?.outcome === 'success');
  await sleep(2000); // less than one interval: nothing more may fire
  assert.equal(startedFor(news.requests, 'overdue'), 1, 'missed periods coalesce into one event');
  assert.equal(second.operations.runs({ tag: 'overdue' }).length, 1);
});
