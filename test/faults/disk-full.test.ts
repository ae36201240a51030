import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { closeSync, openSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { controlSocketPath } from '../../app/control/control-socket.ts';
import type { HostStatus, RunRecord } from '../../app/host/host-operations.ts';
import { STORE_RETRY_MS } from '../../app/sync/store-health.ts';
import { BIN, childEnv, runProcess, stopProcess } from '../cli/helpers/run-cli.ts';
import { waitForSocket } from '../cli/helpers/wait-for-socket.ts';
import { startFixtureServer } from '../fixtures/pwa-server.ts';
import { MINUTE, makeHarness } from '../helpers/harness.ts';
import { waitFor } from '../helpers/settle.ts';
import { heldBehaviour } from '../helpers/test-engine.ts';
import { mountTmpfs } from './helpers/tmpfs.ts';

/** Writes zeros into `path` until the file system says it is full. */
function fillDisk(path: string): void {
  const fd = openSync(path, 'w');
  const chunk = Buffer.alloc(1024 * 1024);
  try {
    for (;;) writeSync(fd, chunk);
  } catch (error) {
    if (!(error instanceof Error && 'code' in error && error.code === 'ENOSPC')) throw error;
  } finally {
    closeSync(fd);
  }
  // The last partial megabyte: fill what is left byte by byte in smaller pieces.
  const tail = openSync(path, 'a');
  try {
    for (const size of [65536, 4096, 512, 1]) {
      const piece = Buffer.alloc(size);
      try {
        for (;;) writeSync(tail, piece);
      } catch {}
    }
  } finally {
    closeSync(tail);
  }
}

test('a full disk: the serving host stays up, stops recording, says so in status and the log, and recovers', {
  timeout: 200_000,
}, async (t) => {
  const mounted = mountTmpfs(t, '96m');
  if (typeof mounted !== 'string') {
    console.error(`SKIPPED (disk full): ${mounted.skip}`);
    t.skip(mounted.skip);
    return;
  }
  const fixture = await startFixtureServer('news');
  t.after(() => fixture.close());
  // The start page registers 'get-latest-news' every second (developer mode lets it fire that often).
  fixture.override('/manifest.webmanifest', {
    type: 'application/manifest+json',
    body: JSON.stringify({
      id: '/',
      name: 'Fixture News',
      start_url: '/?interval=1000',
      scope: '/',
      display: 'standalone',
      icons: [{ src: 'icon-192.png', sizes: '192x192', type: 'image/png' }],
    }),
  });
  const dataDir = join(mounted, 'data');
  const cli = (...args: string[]) => runProcess(BIN, ['--data-dir', dataDir, '--json', ...args]);

  const serve = spawn(BIN, ['--data-dir', dataDir, 'serve', '--min-interval-floor', '0'], {
    env: childEnv(),
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let log = '';
  serve.stderr.setEncoding('utf8').on('data', (text: string) => {
    log += text;
  });
  t.after(() => stopProcess(serve));
  await waitForSocket(controlSocketPath(dataDir), 60_000);
  // Installed through the serving host, so the registration is made under its interval floor of 0.
  const install = await cli('install', `${fixture.origin}/`);
  assert.equal(install.exitCode, 0, install.stderr);
  const status = async () =>
    JSON.parse((await cli('status')).stdout) as HostStatus & { storeProblem: unknown };
  const runs = async () => JSON.parse((await cli('runs', '--limit', '100')).stdout) as RunRecord[];
  await waitFor(
    'two recorded runs',
    async () => (await runs()).filter((run) => run.outcome === 'success').length >= 2,
    60_000,
  );

  fillDisk(join(mounted, 'filler'));
  const full = await waitFor(
    'status to report a full disk',
    async () => {
      const current = await status();
      return (current.storeProblem as { code?: string } | null)?.code === 'disk-full' ? current : undefined;
    },
    60_000,
  );
  assert.equal(serve.exitCode, null, 'the host is still running');
  assert.equal(full.running, true);
  assert.match((full.storeProblem as { message: string }).message, /disk .* is full/);
  assert.match(log, /disk .* is full/, 'the log says so (stderr; the log file cannot grow on a full disk)');
  // Waited for, not read once: a commit that fits in the WAL's pages already on disk succeeds on a full disk
  // too, so the store can be writable for a moment between two that fail, and status says so when it is.
  await waitFor(
    'the human status to say the store cannot write',
    async () =>
      /store\s+cannot write/.test((await runProcess(BIN, ['--data-dir', dataDir, 'status'])).stdout),
    60_000,
  );

  const freedAt = Date.now();
  rmSync(join(mounted, 'filler'));
  await waitFor(
    'status to report the store writable again',
    async () => (await status()).storeProblem === null,
    60_000,
  );
  await waitFor(
    'runs recorded after space returned',
    async () =>
      (await runs()).filter((run) => run.outcome === 'success' && run.startedAt >= freedAt).length >= 2,
    60_000,
  );
  assert.equal(serve.exitCode, null, 'the host is still running');
  const unfinished = (await runs()).filter((run) => run.outcome === null);
  assert.ok(unfinished.length <= 1, 'no run was left open by the full disk (one may be in flight)');
});

test('an outcome that cannot be written waits in memory, nothing else fires, and it is written when space returns', async (t) => {
  const mounted = mountTmpfs(t, '8m');
  if (typeof mounted !== 'string') {
    console.error(`SKIPPED (disk full, in-process): ${mounted.skip}`);
    t.skip(mounted.skip);
    return;
  }
  const h = await makeHarness(t, { dataDir: join(mounted, 'data'), settings: { minIntervalFloorMs: 0 } });
  const held = heldBehaviour();
  h.engine.behaviour = held.behaviour;
  h.host.core.register(h.app.id, h.scope, 'news', MINUTE);
  h.host.core.start();
  await h.clock.advance(MINUTE);
  assert.equal(h.engine.dispatches.length, 1, 'the event is running');

  fillDisk(join(mounted, 'filler'));
  const endedAt = h.clock.now();
  held.release({ status: 'success' });
  await h.clock.advance(0);
  assert.equal(h.host.core.storeProblem?.code, 'disk-full');
  const firstRun = h.host.store.runs.list()[0];
  assert.equal(firstRun?.outcome, null, 'not written yet');

  await h.clock.advance(5 * MINUTE); // retries keep failing; nothing fires without a run row
  assert.equal(h.engine.dispatches.length, 1);
  assert.equal(h.host.core.storeProblem?.code, 'disk-full');

  rmSync(join(mounted, 'filler'));
  await h.clock.advance(STORE_RETRY_MS);
  assert.equal(h.host.core.storeProblem, undefined);
  const run = h.host.store.runs.list().find((each) => each.id === firstRun?.id);
  assert.equal(run?.outcome, 'success');
  assert.equal(run?.endedAt, endedAt, 'recorded as it happened, not when it was written');
  // Overdue by then (its period ended while the disk was full): it fires again at once.
  assert.equal(h.engine.dispatches.length, 2, 'firing resumed');
  assert.equal(h.host.store.runs.list()[0]?.trigger, 'catch-up');
});
