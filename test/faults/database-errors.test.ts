import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { join } from 'node:path';
import { test } from 'node:test';
import { Store } from '../../app/store/store.ts';
import { childEnv, NODE, runCli, stopProcess } from '../cli/helpers/run-cli.ts';
import { fixtureApp, tempDataDir } from '../helpers/harness.ts';
import { mountTmpfs } from './helpers/tmpfs.ts';

const HOLD_STORE = new URL('./fixtures/hold-store.ts', import.meta.url).pathname;

function storeWithOneApp(dataDir: string): void {
  const store = Store.open(dataDir);
  store.apps.upsert(fixtureApp('https://news.example', 'News'), Date.now());
  store.close();
}

test('a read command while a starting host holds the database says it is in use, not damaged', async (t) => {
  const dataDir = tempDataDir(t);
  storeWithOneApp(dataDir);
  const holder = spawn(NODE, [HOLD_STORE, dataDir], {
    env: childEnv(),
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  t.after(() => stopProcess(holder));
  for await (const text of holder.stdout.setEncoding('utf8')) if (String(text).includes('READY')) break;

  const list = await runCli(['--data-dir', dataDir, 'list']);
  assert.equal(list.exitCode, 1);
  assert.doesNotMatch(list.stderr, /damaged|corrupt|move the file aside|\.recover/i, list.stderr);
  assert.match(list.stderr, /in use by another process/);
  assert.match(list.stderr, /try again/i);
});

test('a read-only data dir is reported as not writable, never as a damaged database', async (t) => {
  const mounted = mountTmpfs(t, '16m');
  if (typeof mounted !== 'string') {
    console.error(`SKIPPED (read-only data dir): ${mounted.skip}`);
    t.skip(mounted.skip);
    return;
  }
  const dataDir = join(mounted, 'data');
  storeWithOneApp(dataDir);
  execFileSync('mount', ['-o', 'remount,ro', mounted]);

  for (const args of [['list'], ['pause', 'News'], ['serve']]) {
    const result = await runCli(['--data-dir', dataDir, ...args]);
    assert.equal(result.exitCode, 1, `${args[0]}: ${result.stdout}`);
    assert.doesNotMatch(result.stderr, /damaged|corrupt|move the file aside|\.recover/i, result.stderr);
    assert.match(result.stderr, /cannot write/, `${args[0]}: ${result.stderr}`);
    assert.match(result.stderr, /read-only/, `${args[0]}: ${result.stderr}`);
  }
});

test('an immutable database file (chattr +i) is reported as not writable, never as damaged', async (t) => {
  const dataDir = tempDataDir(t);
  storeWithOneApp(dataDir);
  const db = join(dataDir, 'pwa-host.db');
  try {
    execFileSync('chattr', ['+i', db], { stdio: 'pipe' });
  } catch (error) {
    const reason = `chattr +i is not possible here (${String(error).split('\n')[0]})`;
    console.error(`SKIPPED (immutable database): ${reason}`);
    t.skip(reason);
    return;
  }
  // Not t.after: the temp dir's removal, registered earlier, would run first and fail on the file.
  let pause: Awaited<ReturnType<typeof runCli>>;
  try {
    pause = await runCli(['--data-dir', dataDir, 'pause', 'News']);
  } finally {
    execFileSync('chattr', ['-i', db]);
  }
  assert.equal(pause.exitCode, 1);
  assert.doesNotMatch(pause.stderr, /damaged|corrupt|move the file aside|\.recover/i, pause.stderr);
  assert.match(pause.stderr, /cannot write/, pause.stderr);
});
