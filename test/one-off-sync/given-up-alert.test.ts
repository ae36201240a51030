/**
 * A one-off sync given up after its last attempt failed is no silent loss (issue 17: what was sent offline
 * arrives, or the person knows it did not): the host tells the person once with its own notification, `alerts`
 * lists it in one-off wording, and a later success of the same scope and tag clears it. On the test engine,
 * a real SQLite file, a manual clock, and a real notification server stand-in on a private D-Bus.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { DispatchOutcome } from '../../app/engine/engine-port.ts';
import { renderAlerts } from '../../app/headless/cli/render-notifications.ts';
import { renderStatus } from '../../app/headless/cli/render-status.ts';
import type { FailureAlert } from '../../app/host/host-operations.ts';
import { HOUR, MINUTE, makeHarness } from '../helpers/harness.ts';
import { testEngineHostOperations } from '../helpers/host-operations.ts';
import {
  displayOnBus,
  privateSessionBus,
  startNotificationServer,
} from '../notifications/helpers/notification-bus.ts';

const OUTBOX = 'outbox';
const API_DOWN = 'TypeError: Failed to fetch';

/** A host whose app's `outbox` sync fails while `api.down`, on a notification server it can show alerts on. */
async function givingUpHost(t: import('node:test').TestContext, settings = {}) {
  const address = await privateSessionBus((stop) => t.after(stop));
  const server = await startNotificationServer((stop) => t.after(stop), address, ['body']);
  const h = await makeHarness(t, { settings, notifications: displayOnBus(address) });
  const operations = testEngineHostOperations(h.host);
  t.after(() => operations.close());
  const api = { down: true };
  h.engine.behaviour = async () => (api.down ? { status: 'failed', error: API_DOWN } : { status: 'success' });
  const told: FailureAlert[] = [];
  operations.events.on('failure-alert', (alert) => told.push(alert));
  const hostNotifications = () => server.notifies().filter((call) => call.app_name === 'PWA Host');
  /** Registers the sync and lets every attempt run (5 then 15 minutes apart). */
  const registerAndRunOut = async () => {
    h.host.core.registerOneOff(h.app.id, h.scope, OUTBOX);
    await h.clock.advance(0);
    await h.clock.advance(5 * MINUTE);
    await h.clock.advance(15 * MINUTE);
  };
  return { h, operations, api, told, hostNotifications, registerAndRunOut };
}

/** The display's calls go through gdbus one after another: waits until what was handed to it is shown. */
async function shown(h: { host: { notifications: { settle(): Promise<void> } } }): Promise<void> {
  await h.host.notifications.settle();
}

test('a one-off sync given up after its last failed attempt is told once, listed by alerts, and cleared by a later success', async (t) => {
  const { h, operations, api, told, hostNotifications, registerAndRunOut } = await givingUpHost(t);

  h.host.core.registerOneOff(h.app.id, h.scope, OUTBOX);
  await h.clock.advance(0);
  await h.clock.advance(5 * MINUTE);
  assert.equal(h.host.store.oneOffSyncs.get(h.scope, OUTBOX)?.attemptsMade, 2);
  assert.deepEqual(operations.alerts(), [], 'two failed attempts of three: the sync is still pending');
  await h.clock.advance(15 * MINUTE);
  assert.equal(h.host.store.oneOffSyncs.get(h.scope, OUTBOX), undefined, 'given up after 3 of 3');

  const [alert] = operations.alerts();
  assert.deepEqual(alert, {
    kind: 'one-off',
    appId: h.app.id,
    appName: 'News',
    tag: OUTBOX,
    failures: 3,
    lastError: API_DOWN,
    alertedAt: h.clock.now(),
  });
  assert.deepEqual(told, [alert], 'the failure-alert event carries it');
  await shown(h);
  const [notification] = hostNotifications();
  assert.equal(notification?.summary, 'News: gave up sending "outbox"');
  assert.match(
    notification?.body ?? '',
    /All 3 attempts failed.*has not arrived.*Last error: TypeError: Failed to fetch/,
  );
  assert.match(
    renderStatus(await operations.status(), h.clock.now()),
    /alerts +1 one-off sync given up \(pwa-host alerts\)/,
  );
  assert.match(
    renderAlerts(operations.alerts(), h.clock.now()),
    /News +one-off +outbox +gave up sending after 3 failed attempts +TypeError: Failed to fetch/,
  );

  // The app registers it again and every attempt fails again: still one alert, and not told again.
  await registerAndRunOut();
  await shown(h);
  assert.equal(hostNotifications().length, 1, 'told once until a success in between');
  assert.equal(told.length, 1);
  assert.deepEqual(
    operations.alerts().map(({ kind, tag, alertedAt }) => ({ kind, tag, alertedAt })),
    [{ kind: 'one-off', tag: OUTBOX, alertedAt: alert?.alertedAt }],
  );

  // Registered again with the API back: it succeeds, and the alert is gone.
  api.down = false;
  h.host.core.registerOneOff(h.app.id, h.scope, OUTBOX);
  await h.clock.advance(0);
  assert.deepEqual(operations.alerts(), [], 'a success of the same scope and tag clears it');

  // Given up again after that success, an hour after the first was shown: told again.
  await h.clock.advance(HOUR);
  api.down = true;
  await registerAndRunOut();
  await shown(h);
  assert.equal(hostNotifications().length, 2);
  assert.equal(operations.alerts().length, 1);
});

test('a last attempt that leaves the sync pending is no give-up: the worker was missing, or the app registered it again while it ran', async (t) => {
  const { h, operations, hostNotifications, told } = await givingUpHost(t, { oneOffMaxAttempts: 1 });

  // The profile lost the worker: the attempt (1 of 1, last chance) fails but uses up nothing.
  h.engine.workers.delete(h.scope);
  h.host.core.registerOneOff(h.app.id, h.scope, OUTBOX);
  await h.clock.advance(0);
  const [lost] = operations.runs({ kind: 'one-off' });
  assert.deepEqual([lost?.lastChance, lost?.outcome], [true, 'failed']);
  assert.ok(h.host.store.oneOffSyncs.get(h.scope, OUTBOX), 'kept');
  assert.deepEqual(operations.alerts(), []);

  // Registered again while its last attempt runs: it fires once more afterwards, so nothing is given up.
  h.engine.workers.add(h.scope);
  const api = { release: () => {} };
  h.engine.behaviour = () =>
    new Promise<DispatchOutcome>((resolve) => {
      api.release = () => resolve({ status: 'failed', error: API_DOWN });
    });
  await h.clock.advance(5 * MINUTE);
  h.host.core.registerOneOff(h.app.id, h.scope, OUTBOX);
  h.engine.behaviour = async () => ({ status: 'success' });
  api.release();
  await h.clock.advance(0);
  await h.clock.advance(0);
  const outcomes = operations
    .runs({ kind: 'one-off' })
    .map((run) => [run.lastChance, run.outcome])
    .reverse();
  assert.deepEqual(outcomes, [
    [true, 'failed'],
    [true, 'failed'],
    [true, 'success'],
  ]);
  assert.deepEqual(operations.alerts(), []);
  await shown(h);
  assert.deepEqual(hostNotifications(), []);
  assert.deepEqual(told, []);
});

test('with failure alerts off, a given-up sync is not told but still listed', async (t) => {
  const { h, operations, hostNotifications, told, registerAndRunOut } = await givingUpHost(t);
  await operations.configSet({ key: 'failure-alert-after', value: 'off' });
  await registerAndRunOut();
  await shown(h);
  assert.deepEqual(hostNotifications(), []);
  assert.deepEqual(told, []);
  assert.deepEqual(
    operations.alerts().map(({ kind, tag }) => ({ kind, tag })),
    [{ kind: 'one-off', tag: OUTBOX }],
  );
});

test('runs-kept 1 keeps the run that gave up while the app tries again: the alert stays until a success', async (t) => {
  const { h, operations, api } = await givingUpHost(t, { runsKeptPerRegistration: 1, oneOffMaxAttempts: 2 });
  h.host.core.registerOneOff(h.app.id, h.scope, OUTBOX);
  await h.clock.advance(0);
  await h.clock.advance(5 * MINUTE);
  assert.equal(operations.alerts().length, 1);
  h.host.core.registerOneOff(h.app.id, h.scope, OUTBOX);
  await h.clock.advance(0); // attempt 1 of the new sync fails: the history keeps one run, and the give-up
  assert.equal(operations.alerts().length, 1);
  api.down = false;
  await h.clock.advance(5 * MINUTE);
  assert.deepEqual(operations.alerts(), []);
  assert.equal(h.host.store.runs.list({ kind: 'one-off' }).length, 1, 'pruned to one once it succeeded');
});

test('an app that gives up many fresh tags is shown one notification an hour; every give-up is still listed and reported', async (t) => {
  const { h, operations, told, hostNotifications } = await givingUpHost(t, { oneOffMaxAttempts: 1 });
  const giveUp = async (tag: string) => {
    h.host.core.registerOneOff(h.app.id, h.scope, tag);
    await h.clock.advance(0);
  };
  for (let index = 0; index < 5; index += 1) await giveUp(`outbox-${index}`);
  await shown(h);
  assert.equal(hostNotifications().length, 1, 'one shown for the first; the app cannot flood the desktop');
  assert.equal(told.length, 5, 'each reported (the UI and tray follow the event)');
  assert.equal(operations.alerts().length, 5, 'each listed');
  await h.clock.advance(HOUR);
  await giveUp('outbox-late');
  await shown(h);
  assert.equal(hostNotifications().length, 2, 'an hour later, shown again');
});

test('an app that unregisters its worker takes its given-up syncs out of alerts (nothing can send them again)', async (t) => {
  const { h, operations, registerAndRunOut } = await givingUpHost(t);
  await registerAndRunOut();
  assert.equal(operations.alerts().length, 1);
  h.host.core.workerUnregistered(h.scope);
  assert.deepEqual(operations.alerts(), []);
});

test('however often a tag is given up, the history keeps the first and the latest give-up, and alerts stay quick to read', async (t) => {
  const { h, operations } = await givingUpHost(t, { oneOffMaxAttempts: 1, runsKeptPerRegistration: 3 });
  for (let round = 0; round < 8; round += 1) {
    h.host.core.registerOneOff(h.app.id, h.scope, OUTBOX);
    await h.clock.advance(0);
  }
  const runs = h.host.store.runs.list({ kind: 'one-off' });
  const first = Math.min(...runs.map((run) => run.id));
  assert.equal(runs.length, 4, 'the 3 kept plus the first give-up');
  const [alert] = operations.alerts();
  assert.equal(alert?.alertedAt, runs.find((run) => run.id === first)?.endedAt, 'told at the first give-up');
});
