import assert from 'node:assert/strict';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { type TestContext, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { Store } from '../../app/store/store.ts';
import packageJson from '../../package.json' with { type: 'json' };
import { fixtureApp, HOUR, MINUTE, tempDataDir } from '../helpers/harness.ts';
import { BIN, runCli, runProcess } from './helpers/run-cli.ts';

/** A data dir as a stopped host leaves it: two apps, registrations and finished runs in a real store. */
function populatedDataDir(t: TestContext): string {
  const dataDir = tempDataDir(t);
  const store = Store.open(dataDir);
  const now = Date.now();
  const news = store.apps.upsert(fixtureApp('https://news.example', 'News'), now);
  store.apps.upsert(fixtureApp('https://mail.example', 'Mail'), now);
  const registration = store.registrations.insert({
    appId: news.id,
    origin: news.origin,
    scope: news.scope,
    tag: 'get-latest-news',
    minIntervalMs: MINUTE,
    createdAt: now,
    nextDueAt: now + 14 * MINUTE + 30_000,
  });
  store.registrations.insert({
    appId: news.id,
    origin: news.origin,
    scope: news.scope,
    tag: 'daily-digest',
    minIntervalMs: 24 * HOUR,
    createdAt: now,
    nextDueAt: now + 24 * HOUR,
  });
  const run = { appId: news.id, registrationId: registration.id, scope: news.scope, attempt: 0 };
  const first = { ...run, tag: 'get-latest-news', startedAt: now - 2 * HOUR };
  const firstId = store.runs.start({ ...first, trigger: 'scheduled' });
  store.runs.finish({ ...first, id: firstId }, 'success', null, now - 2 * HOUR + 120);
  const second = { ...run, tag: 'get-latest-news', startedAt: now - HOUR };
  const secondId = store.runs.start({ ...second, trigger: 'manual' });
  store.runs.finish({ ...second, id: secondId }, 'failed', 'fetch failed', now - HOUR + 2500);
  store.close();
  return dataDir;
}

test('--version prints the package version; --help the usage; both exit 0', async () => {
  assert.deepEqual(await runCli(['--version']), {
    exitCode: 0,
    stdout: `${packageJson.version}\n`,
    stderr: '',
  });
  const help = await runCli(['--help']);
  assert.equal(help.exitCode, 0);
  assert.match(help.stdout, /Usage: pwa-host/);
});

test('usage errors exit 2 with the reason on stderr and nothing on stdout', async () => {
  for (const args of [
    [],
    ['frobnicate'],
    ['runs', '--limit', 'many'],
    ['serve', '--min-interval-floor', '-5'],
  ]) {
    const result = await runCli(args);
    assert.equal(result.exitCode, 2, args.join(' '));
    assert.equal(result.stdout, '');
    assert.notEqual(result.stderr, '');
  }
});

test('bin/pwa-host runs the CLI on the project Node', async () => {
  const result = await runProcess(BIN, ['--version'], { PATH: '/usr/bin:/bin' });
  assert.deepEqual(result, { exitCode: 0, stdout: `${packageJson.version}\n`, stderr: '' });
});

test('bin/pwa-host keeps Node’s compile cache in the checkout, owner-only, and reads it back', async () => {
  const cache = fileURLToPath(new URL('../../node_modules/.cache/pwa-host/compile/', import.meta.url));
  // NODE_DEBUG_NATIVE=COMPILE_CACHE makes Node say on stderr what it read from the cache.
  const env = {
    NODE_COMPILE_CACHE: '',
    NODE_DISABLE_COMPILE_CACHE: undefined,
    NODE_DEBUG_NATIVE: 'COMPILE_CACHE',
  };
  await runProcess(BIN, ['--version'], env);
  const again = await runProcess(BIN, ['--version'], env);
  assert.equal(again.stdout, `${packageJson.version}\n`);
  const main =
    /reading cache from (\S+) for StrippedTypeScript \S+\/app\/headless\/cli\/main\.ts\.\.\.\[[^\]]*\]\.\.\. success/;
  assert.ok(again.stderr.match(main)?.[1]?.startsWith(cache), 'main.ts came stripped from the cache');
  assert.equal(statSync(cache).mode & 0o077, 0, 'no one else may plant code in the cache');
});

test('bin/pwa-host leaves a NODE_COMPILE_CACHE of the user’s own as it is', async (t) => {
  const own = join(tempDataDir(t), 'own-cache');
  const result = await runProcess(BIN, ['--version'], { NODE_COMPILE_CACHE: own });
  assert.equal(result.exitCode, 0, result.stderr);
  assert.ok(readdirSync(own).length > 0, 'Node wrote its cache where the user asked');
});

test('a brand-new data dir reads as empty and is not created by reading it', async (t) => {
  const dataDir = join(tempDataDir(t), 'not-yet');
  for (const command of ['list', 'syncs', 'runs']) {
    const result = await runCli(['--data-dir', dataDir, '--json', command]);
    assert.deepEqual(result, { exitCode: 0, stdout: '[]\n', stderr: '' }, command);
  }
  assert.equal((await runCli(['--data-dir', dataDir, 'list'])).stdout, 'No apps installed.\n');
  assert.equal(existsSync(dataDir), false);
});

test('PWA_HOST_DATA_DIR selects the data dir', async (t) => {
  const dataDir = populatedDataDir(t);
  const result = await runCli(['list', '--json'], { PWA_HOST_DATA_DIR: dataDir });
  assert.deepEqual(
    (JSON.parse(result.stdout) as { name: string }[]).map((app) => app.name),
    ['Mail', 'News'],
  );
});

test('list, syncs and runs read a stopped host store read-only, as JSON and as tables', async (t) => {
  const dataDir = populatedDataDir(t);
  const cli = (...args: string[]) => runCli(['--data-dir', dataDir, ...args]);

  const apps = JSON.parse((await cli('--json', 'list')).stdout) as { id: string; paused: boolean }[];
  assert.deepEqual(
    apps.map((app) => [app.id, app.paused]),
    [
      ['app-mail', false],
      ['app-news', false],
    ],
  );
  assert.match(
    (await cli('list')).stdout,
    /^ID\s+NAME\s+ORIGIN\s+PAUSED\s+MUTED\s+BADGE\napp-mail\s+Mail\s+https:\/\/mail\.example\s+no\s+no\s+-\n/,
  );

  const syncs = JSON.parse((await cli('--json', 'syncs', 'News')).stdout) as Record<string, unknown>[];
  assert.deepEqual(
    syncs.map((sync) => [sync.tag, sync.minIntervalMs, sync.effectiveIntervalMs, sync.lastOutcome]),
    [
      ['get-latest-news', MINUTE, 15 * MINUTE, null],
      ['daily-digest', 24 * HOUR, 24 * HOUR, null],
    ],
  );
  const table = (await cli('syncs')).stdout;
  assert.match(
    table,
    /News\s+periodic\s+https:\/\/news\.example\/\s+get-latest-news\s+1 min\s+15 min\s+in 14 min\s+never run/,
  );
  assert.match(table, /daily-digest\s+1 d\s+1 d\s+in 23 h/);

  const runs = JSON.parse((await cli('--json', 'runs', 'news', '--tag', 'get-latest-news')).stdout) as {
    outcome: string;
    appName: string;
  }[];
  assert.deepEqual(
    runs.map((run) => run.outcome),
    ['failed', 'success'],
  );
  assert.deepEqual(
    runs.map((run) => run.appName),
    ['News', 'News'],
    'runs carry the app name, as syncs do',
  );
  assert.equal(JSON.parse((await cli('--json', 'runs', '--limit', '1')).stdout).length, 1);
  const runsTable = (await cli('runs')).stdout;
  assert.match(
    runsTable,
    /1 h ago\s+News\s+periodic\s+get-latest-news\s+manual\s+0\s+failed\s+2\.5 s\s+-\s+fetch failed/,
  );
  assert.match(runsTable, /2 h ago\s+News\s+periodic\s+get-latest-news\s+scheduled\s+0\s+success\s+120 ms/);
});

test('a failed operation exits 1 with the reason on stderr (and as JSON on stdout with --json)', async (t) => {
  const dataDir = populatedDataDir(t);
  const human = await runCli(['--data-dir', dataDir, 'syncs', 'Weather']);
  assert.equal(human.exitCode, 1);
  assert.equal(human.stdout, '');
  assert.match(human.stderr, /^pwa-host: No installed app .*"Weather"/);

  const json = await runCli(['--data-dir', dataDir, '--json', 'runs', 'Zoo']);
  assert.equal(json.exitCode, 1);
  assert.equal(JSON.parse(json.stdout).error.code, 'app-not-found');

  const store = Store.open(dataDir);
  store.apps.upsert(fixtureApp('https://news2.example', 'Newsletter'), Date.now());
  store.close();
  const ambiguous = await runCli(['--data-dir', dataDir, '--json', 'syncs', 'new']);
  assert.equal(ambiguous.exitCode, 1);
  assert.equal(JSON.parse(ambiguous.stdout).error.code, 'app-ambiguous');
});
