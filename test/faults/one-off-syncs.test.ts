/**
 * Nothing lost, for one-off syncs: a sync registered is either fired to completion or still pending after a
 * crash, a kill or a full disk, as the promises hold for periodic sync.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { closeSync, openSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { ManualConnectivity } from '../../app/connectivity/connectivity.ts';
import { controlSocketPath } from '../../app/control/control-socket.ts';
import { createHost } from '../../app/host/create-host.ts';
import type { RunRecord } from '../../app/store/records.ts';
import { Store } from '../../app/store/store.ts';
import { isStoreFailure } from '../../app/store/store-errors.ts';
import { STORE_RETRY_MS } from '../../app/sync/store-health.ts';
import { BIN, runProcess } from '../cli/helpers/run-cli.ts';
import { waitForSocket } from '../cli/helpers/wait-for-socket.ts';
import { FIXTURE_PORTS } from '../fixtures/pwa-server.ts';
import { makeHarness, tempDataDir } from '../helpers/harness.ts';
import { ApiServer, startOutboxApp } from '../helpers/outbox-app.ts';
import { startServe } from '../helpers/serve-process.ts';
import { waitFor } from '../helpers/settle.ts';
import { heldBehaviour, TestEngine } from '../helpers/test-engine.ts';
import { mountTmpfs } from './helpers/tmpfs.ts';

const childScript = new URL('../fixtures/host-child.ts', import.meta.url).pathname;

/** Writes zeros into `path` until the file system says it is full (to the last byte). */
function fillDisk(path: string): void {
  const fd = openSync(path, 'w');
  try {
    for (const size of [1024 * 1024, 65536, 4096, 512, 1]) {
      const piece = Buffer.alloc(size);
      try {
        for (;;) writeSync(fd, piece);
      } catch (error) {
        if (!(error instanceof Error && 'code' in error && error.code === 'ENOSPC')) throw error;
      }
    }
  } finally {
    closeSync(fd);
  }
}

test('a host killed with SIGKILL during a sync event: the attempt is interrupted, not counted, and the sync fires again', async (t) => {
  const dataDir = tempDataDir(t);
  const { NODE_TEST_CONTEXT: _runnerOnly, ...env } = process.env; // else the child reports to the test runner
  const child = spawn(process.execPath, [childScript, dataDir, 'one-off'], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env,
  });
  let stdout = '';
  child.stdout.on('data', (chunk) => {
    stdout += chunk;
  });
  await waitFor('the child host to fire the sync', () => stdout.includes('FIRING outbox'), 20_000);
  child.kill('SIGKILL');
  await once(child, 'exit');

  const engine = new TestEngine(['https://news.example/']);
  const host = await createHost({ dataDir, engine, connectivity: new ManualConnectivity(true) });
  t.after(() => host.close());
  await waitFor('the sync to fire again', () => engine.dispatches.length > 0);
  assert.deepEqual(
    engine.dispatches.map((dispatch) => [dispatch.kind, dispatch.tag, dispatch.lastChance]),
    [['one-off', 'outbox', false]],
  );
  await waitFor('the new run to end', () => host.store.runs.list()[0]?.outcome === 'success');
  const [again, interrupted] = host.store.runs.list();
  assert.deepEqual(
    [interrupted?.kind, interrupted?.attempt, interrupted?.outcome],
    ['one-off', 1, 'interrupted'],
  );
  assert.deepEqual([again?.attempt, again?.outcome], [1, 'success'], 'the killed attempt was not counted');
  assert.equal(host.store.oneOffSyncs.list().length, 0, 'fired to completion: gone');
});

test('a full disk: an attempt’s outcome waits in memory, the sync fires no second time, and is removed once written', async (t) => {
  const mounted = mountTmpfs(t, '8m');
  if (typeof mounted !== 'string') {
    console.error(`SKIPPED (one-off, disk full): ${mounted.skip}`);
    t.skip(mounted.skip);
    return;
  }
  const h = await makeHarness(t, { dataDir: join(mounted, 'data') });
  const held = heldBehaviour();
  h.engine.behaviour = held.behaviour;
  h.host.core.registerOneOff(h.app.id, h.scope, 'outbox');
  await h.clock.advance(0);
  assert.equal(h.engine.dispatches.length, 1, 'the event is running');

  fillDisk(join(mounted, 'filler'));
  held.release({ status: 'success' });
  await h.clock.advance(0);
  assert.equal(h.host.core.storeProblem?.code, 'disk-full');
  assert.equal(h.host.store.oneOffSyncs.get(h.scope, 'outbox')?.firing, true, 'still marked as firing');
  await h.clock.advance(10 * STORE_RETRY_MS);
  assert.equal(h.engine.dispatches.length, 1, 'not fired again while its success waits to be written');

  rmSync(join(mounted, 'filler'));
  await h.clock.advance(STORE_RETRY_MS);
  assert.equal(h.host.core.storeProblem, undefined);
  assert.equal(h.host.store.oneOffSyncs.list().length, 0, 'its success written: removed');
  assert.equal(h.host.store.runs.list()[0]?.outcome, 'success');
  await h.clock.advance(60 * 60_000);
  assert.equal(h.engine.dispatches.length, 1, 'sent once');
});

test('a full disk: registering is refused (the page’s register() rejects), nothing half-written; it works once there is space', async (t) => {
  const mounted = mountTmpfs(t, '8m');
  if (typeof mounted !== 'string') {
    console.error(`SKIPPED (one-off, register on a full disk): ${mounted.skip}`);
    t.skip(mounted.skip);
    return;
  }
  const h = await makeHarness(t, { dataDir: join(mounted, 'data'), online: false });
  fillDisk(join(mounted, 'filler'));
  assert.throws(
    () => h.host.core.registerOneOff(h.app.id, h.scope, 'outbox'),
    (error) => isStoreFailure(error) && error.code === 'disk-full',
  );
  assert.deepEqual(h.host.core.getOneOffTags(h.scope), []);
  rmSync(join(mounted, 'filler'));
  h.host.core.registerOneOff(h.app.id, h.scope, 'outbox');
  assert.deepEqual(h.host.core.getOneOffTags(h.scope), ['outbox']);
});

test('a pending sync survives SIGKILL of the serving host and its browser; the next serve sends it', {
  timeout: 180_000,
}, async (t) => {
  const api = new ApiServer(FIXTURE_PORTS.mail);
  t.after(() => api.down());
  const app = await startOutboxApp(`${api.origin}/killed`);
  t.after(() => app.close());
  const dataDir = tempDataDir(t);
  const cli = (...args: string[]) => runProcess(BIN, ['--data-dir', dataDir, ...args]);
  // Retries far enough apart that the sync is still pending at the kill however slowly the CLI answers on a
  // loaded machine (after its last attempt it would be gone).
  assert.equal((await cli('config', 'set', 'one-off-retry-delays', '20s')).exitCode, 0);
  const first = startServe(t, dataDir);
  await waitForSocket(controlSocketPath(dataDir));
  assert.equal((await cli('install', `${app.origin}/`)).exitCode, 0);
  await waitFor(
    'a failed attempt (the API is down)',
    async () => {
      const runs = JSON.parse((await cli('--json', 'runs', '--kind', 'one-off')).stdout) as RunRecord[];
      return runs.some((run) => run.outcome === 'failed');
    },
    30_000,
  );
  first.child.kill('SIGKILL');
  await once(first.child, 'exit');
  const store = Store.open(dataDir, { readonly: true });
  assert.equal(store.oneOffSyncs.list().length, 1, 'still pending after the kill');
  store.close();

  await api.up();
  startServe(t, dataDir);
  // At the sync's next attempt, 20 s after the failed one at most.
  await api.waitForBody('queued while activating', 90_000);
  await api.waitForBody('queued next while activating', 30_000);
  await waitFor(
    'the sync to be gone',
    async () =>
      (JSON.parse((await cli('--json', 'syncs')).stdout) as { kind: string }[]).every(
        (sync) => sync.kind !== 'one-off',
      ),
    30_000,
  );
});
