/**
 * Issue 7 #1: the DevTools endpoint must not be reachable by other local users. The host drives Chromium
 * over a pipe, so neither it nor any process of its browser listens on TCP, and the browser ends with the
 * pipe when the host is killed.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { test } from 'node:test';
import { controlSocketPath } from '../../app/control/control-socket.ts';
import { waitForSocket } from '../cli/helpers/wait-for-socket.ts';
import { tempDataDir } from '../helpers/harness.ts';
import { browserPidOf, exitOf, isRunning, processGroup, startServe } from '../helpers/serve-process.ts';
import { waitFor } from '../helpers/settle.ts';

/** Socket inodes of every TCP socket in LISTEN state on this machine (IPv4 and IPv6). */
function listeningTcpInodes(): Map<string, string> {
  const listening = new Map<string, string>();
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text: string;
    try {
      text = readFileSync(table, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.trim().split('\n').slice(1)) {
      const fields = line.trim().split(/\s+/);
      // local_address is field 1, st is field 3 (0A = LISTEN), inode is field 9.
      if (fields[3] === '0A' && fields[9]) listening.set(fields[9], fields[1] ?? '');
    }
  }
  return listening;
}

function socketInodesOf(pid: number): string[] {
  const inodes: string[] = [];
  let fds: string[];
  try {
    fds = readdirSync(`/proc/${pid}/fd`);
  } catch {
    return inodes;
  }
  for (const fd of fds) {
    try {
      const match = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`));
      if (match?.[1]) inodes.push(match[1]);
    } catch {
      // closed while we looked
    }
  }
  return inodes;
}

test('neither the serving host nor any process of its browser listens on TCP', {
  timeout: 120_000,
}, async (t) => {
  const dataDir = tempDataDir(t);
  const serve = startServe(t, dataDir);
  await waitForSocket(controlSocketPath(dataDir));
  const browserPid = browserPidOf(dataDir);
  const processes = [serve.child.pid as number, ...processGroup(browserPid)];
  assert.ok(processes.length >= 3, `the host, the browser and its helpers: ${processes.join(', ')}`);
  const listening = listeningTcpInodes();
  const listeners = processes.flatMap((pid) =>
    socketInodesOf(pid)
      .filter((inode) => listening.has(inode))
      .map((inode) => `pid ${pid} listens on ${listening.get(inode)}`),
  );
  assert.deepEqual(listeners, [], 'no TCP port: other local users cannot reach the browser');
  const argv = readFileSync(`/proc/${browserPid}/cmdline`, 'utf8').split('\0');
  assert.ok(argv.includes('--remote-debugging-pipe'), argv.join(' '));
});

test('a browser outlives a SIGKILLed host by at most a few seconds', { timeout: 120_000 }, async (t) => {
  const dataDir = tempDataDir(t);
  const serve = startServe(t, dataDir);
  await waitForSocket(controlSocketPath(dataDir));
  const browserPid = browserPidOf(dataDir);
  assert.ok(isRunning(browserPid));
  serve.child.kill('SIGKILL');
  await exitOf(serve.child);
  const killedAt = Date.now();
  try {
    await waitFor('the browser to exit', () => processGroup(browserPid).length === 0, 10_000);
  } finally {
    // Never leave a browser behind, whatever the outcome.
    try {
      process.kill(-browserPid, 'SIGKILL');
    } catch {}
  }
  console.error(`browser group gone ${Date.now() - killedAt} ms after the host was killed`);
});
