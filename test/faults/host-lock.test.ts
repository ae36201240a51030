import assert from 'node:assert/strict';
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { once } from 'node:events';
import { chmodSync, chownSync, existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type TestContext, test } from 'node:test';
import { runCli, stopProcess } from '../cli/helpers/run-cli.ts';
import { tempDataDir } from '../helpers/harness.ts';

/** A process that holds a read transaction on an SQLite file, as any local user could try to. */
function holdReadLock(t: TestContext, path: string, asUser?: { uid: number; gid: number }) {
  const script = [
    'import sqlite3, sys, time',
    'try:',
    '    open(sys.argv[1], "rb").close()',
    `    db = sqlite3.connect("file:" + sys.argv[1] + "?mode=ro", uri=True, isolation_level=None)`,
    '    db.execute("BEGIN")',
    '    db.execute("SELECT count(*) FROM sqlite_master").fetchall()',
    'except Exception as error:',
    '    print("DENIED", type(error).__name__, error, flush=True)',
    '    sys.exit(0)',
    'print("HOLDING", flush=True)',
    'time.sleep(120)',
  ].join('\n');
  const command = asUser
    ? ['setpriv', `--reuid=${asUser.uid}`, `--regid=${asUser.gid}`, '--clear-groups', '/usr/bin/python3']
    : ['/usr/bin/python3'];
  const child: ChildProcess = spawn(command[0] as string, [...command.slice(1), '-c', script, path], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  t.after(() => stopProcess(child));
  return new Promise<string>((resolve, reject) => {
    let output = '';
    child.stdout?.setEncoding('utf8').on('data', (text: string) => {
      output += text;
      if (output.includes('\n')) resolve(output.trim());
    });
    child.once('exit', () => resolve(output.trim()));
    child.once('error', reject);
  });
}

/** A throwaway Unix user for this test, deleted afterwards. */
function createOtherUser(t: TestContext): { name: string; uid: number; gid: number } {
  const name = `pwahost${process.pid}`;
  execFileSync('useradd', ['--no-create-home', '--shell', '/usr/sbin/nologin', name]);
  t.after(() => execFileSync('userdel', [name]));
  const uid = Number(execFileSync('id', ['-u', name], { encoding: 'utf8' }).trim());
  const gid = Number(execFileSync('id', ['-g', name], { encoding: 'utf8' }).trim());
  return { name, uid, gid };
}

function whyNoSecondUser(): string | undefined {
  if (process.getuid?.() !== 0)
    return 'needs root to create a second Unix user (useradd) and to switch to it';
  for (const tool of ['useradd', 'userdel', 'setpriv', '/usr/bin/python3']) {
    try {
      execFileSync('sh', ['-c', `command -v ${tool}`]);
    } catch {
      return `needs ${tool} on PATH`;
    }
  }
  return undefined;
}

const noSecondUser = whyNoSecondUser();
if (noSecondUser) console.error(`SKIPPED (another user locks the owner out): ${noSecondUser}`);

test('another local user can neither open host.lock nor lock the owner out', {
  skip: noSecondUser ?? false,
}, async (t) => {
  const parent = tempDataDir(t);
  chmodSync(parent, 0o755); // the way a home directory is: others may pass through it
  const dataDir = join(parent, 'data');
  const first = await runCli(['--data-dir', dataDir, 'pause', 'nothing-installed']);
  assert.match(first.stderr, /nothing-installed/, 'the first command ran on the data dir');
  assert.ok(existsSync(join(dataDir, 'host.lock')));

  const other = createOtherUser(t);
  const attempt = await holdReadLock(t, join(dataDir, 'host.lock'), other);
  assert.match(
    attempt,
    /^DENIED PermissionError .*Errno 13/,
    `the other user must not get a read lock on host.lock (${attempt})`,
  );

  const owner = await runCli(['--data-dir', dataDir, 'pause', 'nothing-installed']);
  assert.doesNotMatch(owner.stderr, /already running|locked/, owner.stderr);
  assert.match(owner.stderr, /nothing-installed/);
});

test('a lock file that belongs to another user is refused, not trusted', {
  skip: noSecondUser ?? false,
}, async (t) => {
  const dataDir = tempDataDir(t);
  const first = await runCli(['--data-dir', dataDir, 'pause', 'nothing-installed']);
  assert.match(first.stderr, /nothing-installed/);
  const other = createOtherUser(t);
  chownSync(join(dataDir, 'host.lock'), other.uid, other.gid);
  const refused = await runCli(['--data-dir', dataDir, 'pause', 'nothing-installed']);
  assert.equal(refused.exitCode, 1);
  assert.match(refused.stderr, /host\.lock belongs to another user \(uid \d+\)/);
});

test('a lock held by a process that is not a PWA Host is reported as such, not as a running host', async (t) => {
  const dataDir = tempDataDir(t);
  const first = await runCli(['--data-dir', dataDir, 'pause', 'nothing-installed']);
  assert.match(first.stderr, /nothing-installed/);
  // host.pid names a process that has exited; something else (here a sqlite reader) holds the lock.
  const gone = spawn('true');
  await once(gone, 'exit');
  writeFileSync(join(dataDir, 'host.pid'), `${gone.pid}\n`);
  assert.equal(await holdReadLock(t, join(dataDir, 'host.lock')), 'HOLDING');

  const blocked = await runCli(['--data-dir', dataDir, 'pause', 'nothing-installed']);
  assert.equal(blocked.exitCode, 1);
  assert.doesNotMatch(blocked.stderr, /already running/);
  assert.match(blocked.stderr, new RegExp(`pid ${gone.pid}, which is not running`));
  assert.match(blocked.stderr, /another process holds .*host\.lock open/);
  assert.match(blocked.stderr, /fuser/);
});
