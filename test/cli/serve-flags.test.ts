import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { controlSocketPath } from '../../app/control/control-socket.ts';
import { SERVING_V8_FLAGS } from '../../app/headless/cli/serving-process.ts';
import type { HostStatus } from '../../app/host/host-operations.ts';
import { tempDataDir } from '../helpers/harness.ts';
import { startServe } from '../helpers/serve-process.ts';
import { waitFor } from '../helpers/settle.ts';
import { BIN, runProcess, stopProcess } from './helpers/run-cli.ts';
import { waitForSocket } from './helpers/wait-for-socket.ts';

test('serve runs with the serving V8 flags, as the same process it was started as', {
  skip: process.platform === 'win32' ? 'no execve on Windows: serve runs as started' : false,
}, async (t) => {
  const dataDir = tempDataDir(t);
  const serve = startServe(t, dataDir);
  await waitForSocket(controlSocketPath(dataDir));
  const argv = readFileSync(`/proc/${serve.child.pid}/cmdline`, 'utf8').split('\0');
  for (const flag of SERVING_V8_FLAGS) assert.ok(argv.includes(flag), argv.join(' '));
  assert.equal(argv.filter((arg) => SERVING_V8_FLAGS.includes(arg)).length, SERVING_V8_FLAGS.length);
  if (process.env.MALLOC_ARENA_MAX === undefined) {
    assert.ok(
      startingEnvironment(serve.child.pid as number).includes('MALLOC_ARENA_MAX=2'),
      'two malloc arenas',
    );
    // …for the host only: its children (the network monitor, the browser) start as they were measured.
    const children = await waitFor('a child of serve', () => {
      const found = childrenOf(serve.child.pid as number);
      return found.length > 0 ? found : undefined;
    });
    for (const child of children)
      assert.deepEqual(
        startingEnvironment(child).filter((entry) => /^(MALLOC_ARENA_MAX|PWA_HOST_SERVE_)/.test(entry)),
        [],
        readFileSync(`/proc/${child}/cmdline`, 'utf8').replaceAll('\0', ' '),
      );
  }
  const status = await runProcess(BIN, ['--data-dir', dataDir, '--json', 'status']);
  assert.equal((JSON.parse(status.stdout) as HostStatus).pid, serve.child.pid, 'the pid stays');
});

test('once its browser stops for being idle, serve runs a memory-reducing collection and logs it', {
  skip: process.platform === 'win32' ? 'no execve on Windows: serve runs without --expose-gc' : false,
  timeout: 120_000,
}, async (t) => {
  const dataDir = tempDataDir(t);
  const set = await runProcess(BIN, ['--data-dir', dataDir, 'config', 'set', 'browser-idle', '2s']);
  assert.equal(set.exitCode, 0, set.stderr);
  const serve = startServe(t, dataDir);
  await waitForSocket(controlSocketPath(dataDir));
  const line = await waitFor(
    'the collection after the idle stop',
    () =>
      serve
        .stderr()
        .split('\n')
        .find((candidate) => candidate.includes('memory collected: the browser stopped for being idle')),
    60_000,
  );
  const status = await runProcess(BIN, ['--data-dir', dataDir, '--json', 'status']);
  assert.deepEqual((JSON.parse(status.stdout) as HostStatus).browser, { status: 'stopped', reason: 'idle' });
  const { heapUsedMiB, heapTotalMiB } = JSON.parse(line) as { heapUsedMiB: number[]; heapTotalMiB: number[] };
  // A full collection leaves at most what was live before it (the figures are before, after).
  assert.equal(heapUsedMiB.length, 2);
  assert.ok((heapUsedMiB[1] ?? Number.NaN) <= (heapUsedMiB[0] ?? Number.NaN), line);
  assert.ok((heapTotalMiB[1] ?? Number.NaN) <= (heapTotalMiB[0] ?? Number.NaN), line);
});

/** The environment `pid`'s current image started with (execve's), which deleting a variable leaves as it was. */
function startingEnvironment(pid: number): string[] {
  return readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0');
}

function childrenOf(pid: number): number[] {
  return readdirSync(`/proc/${pid}/task`).flatMap((task) =>
    readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8').split(' ').filter(Boolean).map(Number),
  );
}

test('from a checkout on a cold compile cache, serve compiles the host ahead and restarts once; warm, it does not', {
  skip: process.platform === 'win32' ? 'no execve on Windows: serve runs as started' : false,
  timeout: 120_000,
}, async (t) => {
  const compileCache = join(tempDataDir(t), 'compile-cache');
  const compiledAhead = 'PWA_HOST_SERVE_COMPILED_AHEAD=1';
  for (const [round, restarts] of [
    ['cold', true],
    ['warm', false],
  ] as const) {
    const dataDir = tempDataDir(t);
    const serve = startServe(t, dataDir, { NODE_COMPILE_CACHE: compileCache });
    await waitForSocket(controlSocketPath(dataDir));
    assert.equal(startingEnvironment(serve.child.pid as number).includes(compiledAhead), restarts, round);
    const status = await runProcess(BIN, ['--data-dir', dataDir, '--json', 'status']);
    assert.equal((JSON.parse(status.stdout) as HostStatus).pid, serve.child.pid, `${round}: the pid stays`);
    await stopProcess(serve.child);
  }
});
