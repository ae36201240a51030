import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { test } from 'node:test';
import { controlSocketPath } from '../../app/control/control-socket.ts';
import type { AppRecord, OpenedPage, PeriodicSyncSummary } from '../../app/host/host-operations.ts';
import { Store } from '../../app/store/store.ts';
import { startFixtureServer } from '../fixtures/pwa-server.ts';
import { fixtureApp, HOUR, MINUTE, tempDataDir } from '../helpers/harness.ts';
import { BIN, childEnv, runProcess, stopProcess } from './helpers/run-cli.ts';
import { waitForSocket } from './helpers/wait-for-socket.ts';

test('open says the HTTP status and when the page closes; pages lists it; close closes it, by id or app', async (t) => {
  const news = await startFixtureServer('news');
  t.after(() => news.close());
  const dataDir = tempDataDir(t);
  const cli = (...args: string[]) => runProcess(BIN, ['--data-dir', dataDir, ...args]);
  assert.equal((await cli('install', `${news.origin}/`)).exitCode, 0);
  const serve = spawn(BIN, ['--data-dir', dataDir, 'serve'], { env: childEnv(), stdio: 'ignore' });
  t.after(() => stopProcess(serve));
  await waitForSocket(controlSocketPath(dataDir), 60_000);

  const opened = await cli('open', 'Fixture', '/frame.html');
  assert.equal(opened.exitCode, 0, opened.stderr);
  const [, id] = /as page (\w+)\./.exec(opened.stdout) ?? [];
  assert.ok(id, opened.stdout);
  assert.equal(
    opened.stdout,
    `Opened ${news.origin}/frame.html (HTTP 200) as page ${id}. It closes by itself in 5 min (the browser-idle time); \`pwa-host close ${id}\` closes it now.\n`,
  );
  const second = JSON.parse((await cli('--json', 'open', 'Fixture')).stdout) as OpenedPage;
  const listed = JSON.parse((await cli('--json', 'pages')).stdout) as OpenedPage[];
  assert.deepEqual(
    listed.map((page) => [page.id, page.url, page.status]),
    [
      [id, `${news.origin}/frame.html`, 200],
      [second.id, `${news.origin}/`, 200],
    ],
  );
  assert.match(
    (await cli('pages')).stdout,
    /^ID\s+APP\s+URL\s+HTTP\s+OPENED\s+CLOSES\n\w+\s+Fixture News\s+\S+frame\.html\s+200\s+(now|\d+ s ago)\s+in 5 min\n/,
  );

  const missing = await cli('open', 'Fixture', '/no/such/page.html');
  assert.equal(missing.exitCode, 1);
  assert.match(
    missing.stderr,
    /^pwa-host: .*\/no\/such\/page\.html answered HTTP 404, so nothing was opened/,
  );

  assert.equal(
    (await cli('close', id as string)).stdout,
    `Closed page ${id} (Fixture News: ${news.origin}/frame.html).\n`,
  );
  assert.equal(
    (await cli('close', 'Fixture')).stdout,
    `Closed page ${second.id} (Fixture News: ${news.origin}/).\n`,
  );
  assert.equal((await cli('pages')).stdout, 'No open pages.\n');
  const unknown = await cli('close', 'nothing-here');
  assert.equal(unknown.exitCode, 1);
  assert.equal(
    unknown.stderr,
    'pwa-host: No open page has the id nothing-here, nor is one of an app so named. See `pwa-host pages`.\n',
  );

  await stopProcess(serve);
  const noHost = await cli('close', id as string);
  assert.equal(noHost.exitCode, 1);
  assert.match(
    noHost.stderr,
    /close closes pages of a serving host, and none serves .* Start one with `pwa-host serve`\./,
  );
  assert.equal((await cli('pages')).stdout, 'No open pages.\n');
});

test('interval-floor shows, sets and resets the own floor of one app, with no host serving; syncs follows it', async (t) => {
  const dataDir = tempDataDir(t);
  const store = Store.open(dataDir);
  const now = Date.now();
  const news = store.apps.upsert(fixtureApp('https://news.example', 'News'), now);
  store.registrations.insert({
    appId: news.id,
    origin: news.origin,
    scope: news.scope,
    tag: 'headlines',
    minIntervalMs: MINUTE,
    createdAt: now,
    nextDueAt: now + HOUR,
  });
  store.close();
  const cli = (...args: string[]) => runProcess(BIN, ['--data-dir', dataDir, ...args]);
  const every = async () =>
    (JSON.parse((await cli('--json', 'syncs')).stdout) as PeriodicSyncSummary[]).map(
      (sync) => sync.effectiveIntervalMs,
    );

  assert.equal(
    (await cli('interval-floor', 'News')).stdout,
    "News (app-news) uses the host's interval floor (interval-floor = 15m).\n",
  );
  assert.deepEqual(await every(), [15 * MINUTE]);
  assert.equal(
    (await cli('interval-floor', 'News', '1h')).stdout,
    "News (app-news) has its own interval floor: 1 h (the host's is 15m).\n",
  );
  assert.deepEqual(await every(), [HOUR]);
  const json = JSON.parse((await cli('--json', 'interval-floor', 'News')).stdout) as AppRecord;
  assert.equal(json.intervalFloorMs, HOUR);
  const zero = await cli('interval-floor', 'News', '0');
  assert.equal(zero.exitCode, 1);
  assert.match(zero.stderr, /An app's interval-floor must be at least 1m: .* Nothing was stored\./);
  const nonsense = await cli('interval-floor', 'News', 'soon');
  assert.equal(nonsense.exitCode, 1);
  assert.match(nonsense.stderr, /"soon" is not a duration/);
  assert.equal(
    (await cli('interval-floor', 'News', 'default')).stdout,
    "News (app-news) uses the host's interval floor (interval-floor = 15m).\n",
  );
  assert.deepEqual(await every(), [15 * MINUTE]);
});
