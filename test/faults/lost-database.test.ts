import assert from 'node:assert/strict';
import { existsSync, mkdirSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type TestContext, test } from 'node:test';
import { ManualConnectivity } from '../../app/connectivity/connectivity.ts';
import { createHost } from '../../app/host/create-host.ts';
import { runCli } from '../cli/helpers/run-cli.ts';
import { tempDataDir } from '../helpers/harness.ts';
import { TestEngine } from '../helpers/test-engine.ts';

function startHost(dataDir: string) {
  return createHost({ dataDir, engine: new TestEngine([]), connectivity: new ManualConnectivity(true) });
}

/** A data dir after its database went missing: the icons of an installed app are still there. */
function dataDirWithAppIcons(t: TestContext): string {
  const dataDir = tempDataDir(t);
  mkdirSync(join(dataDir, 'icons', 'news-example'), { recursive: true });
  writeFileSync(join(dataDir, 'icons', 'news-example', '0.png'), 'icon');
  mkdirSync(join(dataDir, 'chromium-profile'));
  return dataDir;
}

test('a missing database next to the icons of installed apps is refused, not silently recreated', async (t) => {
  const dataDir = dataDirWithAppIcons(t);
  await assert.rejects(startHost(dataDir), (error: Error & { code?: string }) => {
    assert.equal(error.code, 'database-lost');
    assert.match(error.message, /pwa-host\.db is missing/);
    assert.match(error.message, /icons of 1 installed app \(news-example\)/);
    assert.match(error.message, /restore .*from a backup/);
    assert.match(error.message, /mv ".*" ".*\.old"/);
    return true;
  });
  assert.equal(existsSync(join(dataDir, 'pwa-host.db')), false, 'no empty database was created');

  for (const args of [['list'], ['syncs'], ['pause', 'news']]) {
    const result = await runCli(['--data-dir', dataDir, ...args]);
    assert.equal(result.exitCode, 1, `${args[0]} must refuse: ${result.stdout}`);
    assert.match(result.stderr, /pwa-host\.db is missing/, result.stderr);
  }
  assert.equal(existsSync(join(dataDir, 'pwa-host.db')), false);
});

test('an empty (0-byte) database next to installed apps is refused and left as it is', async (t) => {
  const dataDir = dataDirWithAppIcons(t);
  writeFileSync(join(dataDir, 'pwa-host.db'), '');
  await assert.rejects(startHost(dataDir), /pwa-host\.db is empty/);
  assert.equal(statSync(join(dataDir, 'pwa-host.db')).size, 0);
});

test('a write-ahead log without its database is refused too: it holds data of the lost database', async (t) => {
  const dataDir = tempDataDir(t);
  writeFileSync(join(dataDir, 'pwa-host.db-wal'), 'committed pages');
  await assert.rejects(startHost(dataDir), /pwa-host\.db-wal/);
});

test('a brand-new data dir, or one with only a log, a lock and a browser profile, gets a fresh database', async (t) => {
  const fresh = join(tempDataDir(t), 'new');
  const host = await startHost(fresh);
  await host.close();
  assert.ok(existsSync(join(fresh, 'pwa-host.db')));

  const leftovers = tempDataDir(t);
  writeFileSync(join(leftovers, 'pwa-host.log'), '{}\n');
  writeFileSync(join(leftovers, 'host.lock'), '');
  mkdirSync(join(leftovers, 'chromium-profile'));
  mkdirSync(join(leftovers, 'icons'));
  const again = await startHost(leftovers);
  await again.close();
  assert.ok(existsSync(join(leftovers, 'pwa-host.db')));
});

test('following the advice to start fresh keeps the old data dir whole', async (t) => {
  const dataDir = dataDirWithAppIcons(t);
  renameSync(dataDir, `${dataDir}.old`);
  t.after(() => renameSync(`${dataDir}.old`, dataDir));
  const host = await startHost(dataDir);
  await host.close();
  assert.ok(existsSync(join(`${dataDir}.old`, 'icons', 'news-example', '0.png')));
});
