/**
 * End to end, with a real client: Workbox's own `workbox-background-sync` Queue in the outbox fixture's
 * worker, a real headless Chromium, the headless host serving its control socket, the real CLI, and a
 * notification server stand-in on a private D-Bus. A POST queued while the API is down outlives every attempt
 * of its sync: the person is told, `pwa-host alerts` says the host gave up sending it, and once the app
 * registers the sync again and it succeeds, the alert is gone and what was queued offline arrives.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ManualConnectivity } from '../../app/connectivity/connectivity.ts';
import { startControlServer } from '../../app/control/control-server.ts';
import { controlSocketPath } from '../../app/control/control-socket.ts';
import type { BrowserPages } from '../../app/engine/browser-pages.ts';
import { startServeHost } from '../../app/headless/headless-host.ts';
import type { FailureAlert } from '../../app/host/host-operations.ts';
import { BIN, runProcess } from '../cli/helpers/run-cli.ts';
import { FIXTURE_PORTS } from '../fixtures/pwa-server.ts';
import { openWithWorker, testLogger } from '../helpers/chromium.ts';
import { tempDataDir } from '../helpers/harness.ts';
import { ApiServer, startOutboxApp } from '../helpers/outbox-app.ts';
import { waitFor } from '../helpers/settle.ts';
import { privateSessionBus, startNotificationServer } from '../notifications/helpers/notification-bus.ts';

const QUEUE_TAG = 'workbox-background-sync:outbox';

test('a Workbox POST whose sync is given up is told and listed by `alerts`; sent once the app registers it again, the alert goes', {
  timeout: 180_000,
}, async (t) => {
  const address = await privateSessionBus((stop) => t.after(stop));
  const server = await startNotificationServer((stop) => t.after(stop), address, ['body']);
  const api = new ApiServer(FIXTURE_PORTS.mail);
  t.after(() => api.down());
  const app = await startOutboxApp();
  t.after(() => app.close());
  const dataDir = tempDataDir(t);
  const env = { ...process.env, DBUS_SESSION_BUS_ADDRESS: address };
  // Two attempts 3 s apart: long enough to bring the API back between them in the second round.
  const served = await startServeHost({
    dataDir,
    developerMode: true,
    settings: {
      minIntervalFloorMs: 0,
      oneOffMaxAttempts: 2,
      oneOffRetryDelaysMs: [3000],
      eventTimeLimitMs: 20_000,
    },
    connectivity: new ManualConnectivity(true),
    logger: testLogger,
    env,
  });
  t.after(() => served.close());
  const { operations, host } = served;
  // As `serve` does: the CLI below talks to this host over its control socket.
  const control = await startControlServer({ socketPath: controlSocketPath(dataDir), operations });
  t.after(() => control.close());
  const pages = host.engine as unknown as BrowserPages;
  const cli = (...args: string[]) => runProcess(BIN, ['--data-dir', dataDir, ...args], env);
  const told: FailureAlert[] = [];
  operations.events.on('failure-alert', (alert) => told.push(alert));
  const installed = await operations.install({ url: `${app.origin}/` });
  const oneOffRuns = () => host.store.runs.list({ appId: installed.id, tag: QUEUE_TAG }).reverse();

  // Queued while the API is down, with the page closed afterwards: both attempts fail, and Workbox's own
  // registration in the last attempt's finally is refused (no window of the app is open).
  const page = await openWithWorker(pages, `${app.origin}/`);
  assert.equal(
    await page.evaluate(`send(${JSON.stringify(`${api.origin}/messages`)}, 'hello offline')`),
    'queued',
  );
  await page.close();
  const [alert] = await waitFor(
    'the sync to be given up',
    () => {
      const alerts = operations.alerts();
      return alerts.length > 0 ? alerts : undefined;
    },
    60_000,
  );
  assert.deepEqual(
    oneOffRuns().map((run) => [run.attempt, run.lastChance, run.outcome]),
    [
      [1, false, 'failed'],
      [2, true, 'failed'],
    ],
  );
  assert.deepEqual(host.store.oneOffSyncs.list(), [], 'nothing pending: the host no longer tries');
  assert.deepEqual(
    [alert?.kind, alert?.appName, alert?.tag, alert?.failures],
    ['one-off', 'Fixture Outbox', QUEUE_TAG, 2],
  );
  assert.deepEqual(told, [alert]);
  const notification = await waitFor('the host’s notification', () =>
    server.notifies().find((call) => call.app_name === 'PWA Host'),
  );
  assert.equal(notification.summary, `Fixture Outbox: gave up sending "${QUEUE_TAG}"`);
  const listed = await cli('alerts');
  assert.equal(listed.exitCode, 0, listed.stderr);
  assert.match(
    listed.stdout,
    /Fixture Outbox +one-off +workbox-background-sync:outbox +gave up sending after 2 failed attempts/,
  );
  const status = await cli('status');
  assert.match(status.stdout, /alerts +1 one-off sync given up \(pwa-host alerts\)/);
  assert.equal(api.received.length, 0);

  // The app queues something new with a window open: Workbox registers the sync again. Its first attempt
  // fails, the API comes back, and the second replays the whole queue.
  const again = await openWithWorker(pages, `${app.origin}/`);
  assert.equal(
    await again.evaluate(`send(${JSON.stringify(`${api.origin}/messages`)}, 'hello again')`),
    'queued',
  );
  await waitFor(
    'the new sync’s first attempt to fail',
    () => oneOffRuns().length === 3 && oneOffRuns()[2]?.outcome === 'failed',
  );
  await api.up();
  await api.waitForBody('hello offline');
  await api.waitForBody('hello again');
  await waitFor('the alert to clear', () => operations.alerts().length === 0);
  assert.equal(oneOffRuns().at(-1)?.outcome, 'success');
  await again.close();
  assert.equal(server.notifies().filter((call) => call.app_name === 'PWA Host').length, 1, 'told once');
  assert.equal(api.received.filter((entry) => entry.body === 'hello offline').length, 1, 'sent once');
  const cleared = await cli('alerts');
  assert.equal(cleared.stdout, 'No task keeps failing, and no one-off sync was given up.\n');
  assert.doesNotMatch((await cli('status')).stdout, /alerts/);
});
