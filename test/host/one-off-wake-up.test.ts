/**
 * With the host quit: a pending one-off sync leaves an OS wake-up at its next attempt, asking for a start
 * when a network connects too (where the OS can), and what that wake-up runs sends it.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ManualConnectivity } from '../../app/connectivity/connectivity.ts';
import type { BrowserPages } from '../../app/engine/browser-pages.ts';
import type { OsIntegration } from '../../app/host/os-integration.ts';
import { runDueAndStop, type ShellParts, startServeHost } from '../../app/host/serving-host.ts';
import type { WakeOptions } from '../../app/os/wake/wake-scheduler.ts';
import { fixtureApp, HOUR, MINUTE, tempDataDir } from '../helpers/harness.ts';
import { TestEngine } from '../helpers/test-engine.ts';

const origin = 'https://outbox.example';
const scope = `${origin}/`;

function shellParts(online: boolean) {
  const pages: BrowserPages = {
    openPage: () => Promise.reject(new Error('no pages here')),
    clearOrigin: async () => {},
    workerScopes: () => [scope],
  };
  const engine = Object.assign(new TestEngine([scope]), pages);
  const wakeUps: ({ at: Date; options: WakeOptions | undefined } | 'disarmed')[] = [];
  const os: OsIntegration = {
    appInstalled: async () => {},
    appUninstalled: async () => {},
    setAutostart: async () => {},
    armWakeUp: async (at, options) => {
      wakeUps.push({ at, options });
    },
    disarmWakeUp: async () => {
      wakeUps.push('disarmed');
    },
    wakeUp: () => null,
  };
  const connectivity = new ManualConnectivity(online);
  const parts: ShellParts = {
    engine,
    os,
    connectivity,
    createResumeSource: () => ({ kind: 'none', onResume: () => () => {}, close: () => {} }),
  };
  return { parts, engine, wakeUps, connectivity };
}

test('a host quitting offline with a sync pending wakes at the backoff and whenever a network connects; run-due sends it', async (t) => {
  const dataDir = tempDataDir(t);
  const quitting = shellParts(false);
  const served = await startServeHost(quitting.parts, { dataDir });
  const app = served.host.store.apps.upsert(fixtureApp(origin, 'Outbox'), Date.now());
  served.host.core.registerOneOff(app.id, scope, 'outbox');
  served.host.core.register(app.id, scope, 'news', 24 * HOUR);
  const quitAt = Date.now();
  await served.close();
  const last = quitting.wakeUps.at(-1);
  assert.ok(last !== undefined && last !== 'disarmed', 'a wake-up is left');
  assert.deepEqual(last.options, { whenNetworkConnects: true });
  const offlineBackoff = last.at.getTime() - quitAt;
  assert.ok(offlineBackoff >= 15 * MINUTE && offlineBackoff < 16 * MINUTE, `${offlineBackoff} ms`);
  assert.equal(quitting.engine.dispatches.length, 0, 'nothing could be sent offline');

  // What the wake-up runs (serve --run-due), with the network back: the sync is sent, and only the
  // periodic registration is left, which waits for no network.
  const woken = shellParts(true);
  const runs = await runDueAndStop(woken.parts, { dataDir });
  assert.deepEqual(
    runs.map((run) => [run.kind, run.tag, run.outcome]),
    [['one-off', 'outbox', 'success']],
  );
  const next = woken.wakeUps.at(-1);
  assert.ok(next !== undefined && next !== 'disarmed');
  assert.deepEqual(next.options, { whenNetworkConnects: false });
  assert.ok(next.at.getTime() - Date.now() > 23 * HOUR, 'the next wake-up is the periodic one');
});

test('a host quitting online with a failed sync wakes at its next attempt', async (t) => {
  const dataDir = tempDataDir(t);
  const quitting = shellParts(true);
  const served = await startServeHost(quitting.parts, { dataDir });
  const app = served.host.store.apps.upsert(fixtureApp(origin, 'Outbox'), Date.now());
  served.host.core.registerOneOff(app.id, scope, 'fail');
  await new Promise((resolve) => setTimeout(resolve, 50));
  const pending = served.host.store.oneOffSyncs.get(scope, 'fail');
  assert.equal(pending?.attemptsMade, 1);
  await served.close();
  const last = quitting.wakeUps.at(-1);
  assert.ok(last !== undefined && last !== 'disarmed');
  assert.equal(last.at.getTime(), pending?.nextAttemptAt, 'at its retry, 5 minutes after the failure');
  assert.deepEqual(last.options, { whenNetworkConnects: true });
});
