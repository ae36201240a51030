/**
 * A stored setting never stops the host (issue 19, finding 3): a developer-mode `serve` refuses to store a
 * floor of 0 (it would have bricked every later start, the OS wake-up's included); values this build
 * cannot use (stored by another build, out of a range, not even numbers) are replaced by the nearest
 * valid value for the run, and the log and `status` say so, naming the setting as the CLI does; and
 * `config set` refuses a value out of range with the reason. Real `serve` processes, real Chromium.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { type TestContext, test } from 'node:test';
import { controlSocketPath } from '../../app/control/control-socket.ts';
import { Store } from '../../app/store/store.ts';
import { BIN, childEnv, runCli, stopProcess } from '../cli/helpers/run-cli.ts';
import { waitForSocket } from '../cli/helpers/wait-for-socket.ts';
import { tempDataDir } from '../helpers/harness.ts';
import { startServe } from '../helpers/serve-process.ts';

const DAY = 86_400_000;

function cliOn(dataDir: string) {
  return (...args: string[]) => runCli(['--data-dir', dataDir, ...args]);
}

/** `pwa-host serve` with no flags (not developer mode), stopped when the test ends. */
function startPlainServe(t: TestContext, dataDir: string) {
  const child = spawn(BIN, ['--data-dir', dataDir, 'serve'], { env: childEnv(), stdio: 'ignore' });
  t.after(() => stopProcess(child));
  return child;
}

test('a developer-mode serve refuses to store an interval floor of 0, naming the setting and the fix', {
  timeout: 120_000,
}, async (t) => {
  const dataDir = tempDataDir(t);
  const cli = cliOn(dataDir);
  startServe(t, dataDir); // serve --min-interval-floor 0
  await waitForSocket(controlSocketPath(dataDir));
  const set = await cli('config', 'set', 'interval-floor', '0');
  assert.equal(set.exitCode, 1);
  assert.match(set.stderr, /interval-floor must be at least 1m/);
  assert.match(set.stderr, /pwa-host serve --min-interval-floor/, 'says how to get a floor of 0 for a run');
  assert.match(set.stderr, /Nothing was stored/);
  assert.doesNotMatch(set.stderr, /minIntervalFloorMs/, 'the setting is named as the CLI names it');
  const get = await cli('--json', 'config', 'get', 'interval-floor');
  assert.equal((JSON.parse(get.stdout) as { value: string }).value, '0ms', 'the run keeps its own floor');
  const floor = await cli('--json', 'syncs');
  assert.equal(floor.exitCode, 0);
});

test('stored values this build cannot use never stop the host: the nearest valid value runs, and it says so', {
  timeout: 180_000,
}, async (t) => {
  const dataDir = tempDataDir(t);
  const cli = cliOn(dataDir);
  assert.equal((await cli('config', 'set', 'runs-kept', '25')).exitCode, 0, 'creates the store');
  const store = Store.open(dataDir);
  store.settings.set('minIntervalFloorMs', 0); // what the developer-mode host used to accept
  store.settings.set('eventTimeLimitMs', 50 * DAY); // accepted before time-limit had a range
  store.settings.set('maxConcurrentEvents', 'lots'); // a hand edit
  store.close();

  const wakeUp = await cli('serve', '--run-due');
  assert.equal(wakeUp.exitCode, 0, `the OS wake-up runs: ${wakeUp.stderr}`);
  assert.match(wakeUp.stderr, /The stored setting interval-floor \(0ms\) cannot be used/);

  const offline = await cli('status');
  assert.equal(offline.exitCode, 0);
  assert.match(offline.stdout, /interval-floor \(0ms\) cannot be used: .* This run uses 1m/);
  assert.match(offline.stdout, /time-limit \(50d\) cannot be used: time-limit may be at most 1h/);
  assert.match(offline.stdout, /concurrency \("lots"\) cannot be used: .* This run uses 3/);
  assert.match(offline.stdout, /pwa-host config set time-limit VALUE/);

  startPlainServe(t, dataDir);
  await waitForSocket(controlSocketPath(dataDir));
  const status = JSON.parse((await cli('--json', 'status')).stdout) as {
    running: boolean;
    settingsAdjusted: { key: string; used: string }[];
  };
  assert.equal(status.running, true, 'serve started');
  assert.deepEqual(
    status.settingsAdjusted.map(({ key, used }) => [key, used]),
    [
      ['interval-floor', '1m'],
      ['time-limit', '1h'],
      ['concurrency', '3'],
    ],
  );
  const config = JSON.parse((await cli('--json', 'config')).stdout) as { key: string; value: string }[];
  const value = (key: string) => config.find((entry) => entry.key === key)?.value;
  assert.deepEqual([value('interval-floor'), value('time-limit'), value('runs-kept')], ['1m', '1h', '25']);

  // Storing a value that works clears the report.
  assert.equal((await cli('config', 'set', 'time-limit', '3m')).exitCode, 0);
  const after = JSON.parse((await cli('--json', 'status')).stdout) as { settingsAdjusted: { key: string }[] };
  assert.deepEqual(
    after.settingsAdjusted.map(({ key }) => key),
    ['interval-floor', 'concurrency'],
  );
});

test('config set refuses a value out of range with the reason, and stores nothing', async (t) => {
  const dataDir = tempDataDir(t);
  const cli = cliOn(dataDir);
  const refusals: [string, string, RegExp][] = [
    ['time-limit', '50d', /time-limit may be at most 1h: an event holds its service worker/],
    ['browser-idle', '30d', /browser-idle may be at most 1d: to keep the browser running, set it to off/],
    ['interval-floor', '400d', /interval-floor may be at most 365d/],
    ['concurrency', '500', /concurrency may be at most 16: each woken worker costs a renderer process/],
    ['retry-delays', '5m,30d', /each retry delay may be at most 7d/],
  ];
  for (const [key, value, reason] of refusals) {
    const set = await cli('config', 'set', key, value);
    assert.equal(set.exitCode, 1, `${key} ${value}`);
    assert.match(set.stderr, reason);
    assert.match(set.stderr, /Nothing was stored/);
  }
  const config = JSON.parse((await cli('--json', 'config')).stdout) as {
    key: string;
    value: string;
    default: string;
  }[];
  for (const entry of config) assert.equal(entry.value, entry.default, `${entry.key} is still its default`);
});
