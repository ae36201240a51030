import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { chmodSync, lstatSync, mkdirSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { controlSocketPath } from '../../app/control/control-socket.ts';
import { Store } from '../../app/store/store.ts';
import { childEnv, MAIN, NODE, runProcess, stopProcess } from '../cli/helpers/run-cli.ts';
import { waitForSocket } from '../cli/helpers/wait-for-socket.ts';
import { tempDataDir } from '../helpers/harness.ts';

/** Every directory and file under `root` (the root too) with its permission bits; symlinks are skipped. */
function modesUnder(root: string): { path: string; kind: 'dir' | 'file'; mode: number }[] {
  const found: { path: string; kind: 'dir' | 'file'; mode: number }[] = [];
  const visit = (path: string) => {
    let stats: ReturnType<typeof lstatSync>;
    try {
      stats = lstatSync(path);
    } catch {
      return; // the running browser may remove a file between readdir and lstat
    }
    if (stats.isSymbolicLink()) return;
    found.push({ path, kind: stats.isDirectory() ? 'dir' : 'file', mode: stats.mode & 0o777 });
    if (stats.isDirectory()) for (const name of readdirSync(path)) visit(join(path, name));
  };
  visit(root);
  return found;
}

function assertPrivate(root: string): void {
  const loose = modesUnder(root).filter((entry) => entry.mode !== (entry.kind === 'dir' ? 0o700 : 0o600));
  assert.deepEqual(
    loose.map((entry) => `${entry.path} ${entry.mode.toString(8)}`),
    [],
    'every folder in the data dir is 0700 and every file 0600',
  );
}

/** The real command line with the umask most users have. */
function cliWithUmask022(args: string[]) {
  return runProcess('/bin/sh', ['-c', 'umask 022 && exec "$0" "$@"', NODE, MAIN, ...args]);
}

test('serve started with umask 022 keeps a private data dir: 0700 folders, 0600 files, the socket too', {
  timeout: 120_000,
}, async (t) => {
  const dataDir = join(tempDataDir(t), 'data');
  const child = spawn(
    '/bin/sh',
    ['-c', 'umask 022 && exec "$0" "$@"', NODE, MAIN, '--data-dir', dataDir, 'serve'],
    { env: childEnv(), stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  child.stderr?.setEncoding('utf8').on('data', (text: string) => {
    stderr += text;
  });
  t.after(() => stopProcess(child));
  await waitForSocket(controlSocketPath(dataDir), 60_000).catch((error: unknown) => {
    throw new Error(`${String(error)}\n${stderr}`);
  });
  // The browser has written its profile by now; the listing covers it, the log, the db and the socket.
  const names = readdirSync(dataDir);
  for (const name of ['pwa-host.db', 'pwa-host.log', 'host.lock', 'control.sock', 'chromium-profile'])
    assert.ok(names.includes(name), `${name} is in the data dir (${names.join(', ')})`);
  assertPrivate(dataDir);
  await stopProcess(child);
  assertPrivate(dataDir);
});

test('a start tightens a data dir an older build left world-readable, the profile and icons included', async (t) => {
  const dataDir = join(tempDataDir(t), 'data');
  mkdirSync(dataDir);
  const store = Store.open(dataDir);
  store.close();
  const files = [
    'pwa-host.log',
    'host.pid',
    'icons/news/0.png',
    'chromium-profile/Default/Preferences',
    'chromium-profile/Default/Service Worker/Database/CURRENT',
  ];
  for (const file of files) {
    mkdirSync(join(dataDir, file, '..'), { recursive: true });
    writeFileSync(join(dataDir, file), 'older build');
  }
  // A dangling symlink like Chromium's SingletonLock must neither stop the start nor be followed.
  symlinkSync('somehost-12345', join(dataDir, 'chromium-profile', 'SingletonLock'));
  for (const entry of modesUnder(dataDir)) chmodSync(entry.path, entry.kind === 'dir' ? 0o755 : 0o644);

  // `pause` takes the data dir like every start does; the app does not exist, which is fine here.
  const result = await cliWithUmask022(['--data-dir', dataDir, 'pause', 'nothing-installed']);
  assert.equal(result.exitCode, 1, result.stderr);
  assert.match(result.stderr, /nothing-installed/);
  assertPrivate(dataDir);
  assert.ok(lstatSync(join(dataDir, 'chromium-profile', 'SingletonLock')).isSymbolicLink());
});
