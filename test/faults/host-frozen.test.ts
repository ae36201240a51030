import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { type TestContext, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { controlSocketPath } from '../../app/control/control-socket.ts';
import { childEnv, MAIN, NODE, runCli, runProcess, stopProcess } from '../cli/helpers/run-cli.ts';
import { waitForSocket } from '../cli/helpers/wait-for-socket.ts';
import { type FixtureServer, startFixtureServer } from '../fixtures/pwa-server.ts';
import { tempDataDir } from '../helpers/harness.ts';

const TIME_LIMIT_MS = 3000;

const skip = process.platform === 'win32' ? 'freezes the host with SIGSTOP/SIGCONT (POSIX only)' : false;
if (skip) console.error(`SKIPPED host-frozen faults: ${skip}`);

interface RunJson {
  outcome: string;
  error: string | null;
  tag: string;
}

/**
 * An installed fixture app and a real `serve` child with a 3 s event time limit, whose
 * "get-latest-news" handler takes as long as its fetch of /news.json (delayed by the fixture server).
 */
async function frozenHostSetup(
  t: TestContext,
  handlerMs: number,
): Promise<{ news: FixtureServer; dataDir: string; appId: string; serve: ChildProcess }> {
  const news = await startFixtureServer('news');
  t.after(() => news.close());
  const dataDir = tempDataDir(t);
  const cli = (...args: string[]) => runCli(['--data-dir', dataDir, ...args]);
  const limit = await cli('config', 'set', 'time-limit', `${TIME_LIMIT_MS}ms`);
  assert.equal(limit.exitCode, 0, limit.stderr);
  const install = await cli('--json', 'install', `${news.origin}/`);
  assert.equal(install.exitCode, 0, install.stderr);
  const appId = (JSON.parse(install.stdout) as { id: string }).id;
  news.override('/news.json', { type: 'application/json', body: '{}', delayMs: handlerMs });
  const serve = spawn(NODE, [MAIN, '--data-dir', dataDir, 'serve', '--min-interval-floor', '0'], {
    env: childEnv(),
    stdio: ['ignore', 'ignore', 'ignore'],
  });
  t.after(async () => {
    serve.kill('SIGCONT'); // a failed assertion must not leave it frozen
    await stopProcess(serve);
  });
  await waitForSocket(controlSocketPath(dataDir));
  return { news, dataDir, appId, serve };
}

/**
 * Fires the event through the host, freezes the host process (SIGSTOP: a suspended laptop) once the
 * handler has started, for twice the time limit, and thaws it (SIGCONT). Returns what `run` reported.
 */
async function runWithHostFrozen(
  t: TestContext,
  handlerMs: number,
): Promise<{ run: RunJson; exitCode: number | null; runs: RunJson[] }> {
  const { news, dataDir, appId, serve } = await frozenHostSetup(t, handlerMs);
  const since = Date.now();
  const running = runProcess(NODE, [MAIN, '--data-dir', dataDir, '--json', 'run', appId, 'get-latest-news']);
  await news.waitForRequest('/event-started', 20_000, since);
  serve.kill('SIGSTOP');
  try {
    await news.waitForRequest('/news.json', 10_000, since); // the handler's work reached the network
    await sleep(2 * TIME_LIMIT_MS);
  } finally {
    serve.kill('SIGCONT');
  }
  const result = await running;
  assert.notEqual(result.stdout, '', `run printed nothing: ${result.stderr}`);
  const list = await runCli(['--data-dir', dataDir, '--json', 'runs', '--tag', 'get-latest-news']);
  assert.equal(list.exitCode, 0, list.stderr);
  return {
    run: JSON.parse(result.stdout) as RunJson,
    exitCode: result.exitCode,
    runs: JSON.parse(list.stdout) as RunJson[],
  };
}

test('a host frozen past the time limit while the handler finished records a success, not a time-out', {
  timeout: 120_000,
  skip,
}, async (t) => {
  const { run, exitCode, runs } = await runWithHostFrozen(t, 1000);
  assert.equal(run.outcome, 'success', `the run was recorded as ${run.outcome}: ${run.error}`);
  assert.equal(exitCode, 0);
  assert.deepEqual(
    runs.map((entry) => entry.outcome),
    ['success'],
    'one run, a success: nothing to retry',
  );
});

test('a handler that really outlasts the time limit across a freeze is still timed out', {
  timeout: 120_000,
  skip,
}, async (t) => {
  const { run, exitCode, runs } = await runWithHostFrozen(t, 30_000);
  assert.equal(run.outcome, 'timed-out');
  // In the units a person reads (it said "3000 ms").
  assert.match(run.error ?? '', /time limit of 3 s\./);
  assert.equal(exitCode, 1);
  assert.deepEqual(
    runs.map((entry) => entry.outcome),
    ['timed-out'],
  );
});
