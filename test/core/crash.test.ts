import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { test } from 'node:test';
import { ManualConnectivity } from '../../app/connectivity/connectivity.ts';
import { createHost } from '../../app/host/create-host.ts';
import { tempDataDir } from '../helpers/harness.ts';
import { waitFor } from '../helpers/settle.ts';
import { TestEngine } from '../helpers/test-engine.ts';

const childScript = new URL('../fixtures/host-child.ts', import.meta.url).pathname;

test('a host killed with SIGKILL mid-event loses nothing: the run is interrupted and the registration fires again', async (t) => {
  const dataDir = tempDataDir(t);
  const { NODE_TEST_CONTEXT: _runnerOnly, ...env } = process.env; // else the child reports to the test runner
  const child = spawn(process.execPath, [childScript, dataDir], { stdio: ['ignore', 'pipe', 'pipe'], env });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => {
    stdout += chunk;
  });
  child.stderr.on('data', (chunk) => {
    stderr += chunk;
  });
  await waitFor(
    `the child host to fire (stderr: ${stderr})`,
    () => stdout.includes('FIRING get-latest-news'),
    20_000,
  );

  // While the child runs, a second host on the same data dir is refused.
  await assert.rejects(
    createHost({ dataDir, engine: new TestEngine(), developerMode: true }),
    new RegExp(`Another PWA Host is already running with the data dir ${dataDir} \\(pid ${child.pid}\\)`),
  );

  child.kill('SIGKILL');
  await once(child, 'exit');

  const engine = new TestEngine(['https://news.example/']);
  const host = await createHost({
    dataDir,
    engine,
    connectivity: new ManualConnectivity(true),
  });
  t.after(() => host.close());
  await waitFor('the registration to fire again', () => engine.dispatches.length > 0);
  assert.deepEqual(host.core.getTags('https://news.example/'), ['get-latest-news']);
  await waitFor('the new run to end', () => host.store.runs.list()[0]?.outcome === 'success');
  const [again, interrupted] = host.store.runs.list();
  assert.equal(interrupted?.outcome, 'interrupted');
  assert.match(interrupted?.error ?? '', /stopped before the event finished/);
  assert.equal(again?.tag, 'get-latest-news');
});
