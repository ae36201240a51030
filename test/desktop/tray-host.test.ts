import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { systemClock } from '../../app/clock/system-clock.ts';
import { desktopLaunchArgs } from '../../app/desktop/desktop-host-command.ts';
import type { Show } from '../../app/desktop/launch-decision.ts';
import { followHost, performTrayAction, readTrayState } from '../../app/desktop/tray-host.ts';
import { ALERT_MARK, type TrayItem, trayMenu, trayTooltip } from '../../app/desktop/tray-menu.ts';
import type { BrowserPages } from '../../app/engine/browser-pages.ts';
import { createHostOperations } from '../../app/host/create-host-operations.ts';
import { desktopIntegration } from '../../app/host/desktop-integration.ts';
import { silentLogger } from '../../app/logging/logger.ts';
import { autostartPath } from '../../app/os/autostart/autostart.ts';
import { HOUR, makeHarness } from '../helpers/harness.ts';

const APP_COMMAND = ['/opt/PWA Host/pwa-host'];

/** The tray's actions touch no page; a page request here is a test failure. */
const noPages: BrowserPages = {
  openPage: () => Promise.reject(new Error('the tray opened a page')),
  clearOrigin: () => Promise.reject(new Error('the tray cleared an origin')),
  workerScopes: () => [],
};

async function trayHost(t: import('node:test').TestContext) {
  const harness = await makeHarness(t);
  harness.host.core.register(harness.app.id, harness.scope, 'get-latest-news', HOUR);
  harness.host.core.register(harness.app.id, harness.scope, 'fail', HOUR);
  const operations = createHostOperations({
    host: harness.host,
    pages: noPages,
    os: desktopIntegration({
      dataDir: harness.dataDir,
      hostCommand: APP_COMMAND,
      launchArgs: desktopLaunchArgs('linux'),
      logger: silentLogger,
      platform: 'linux',
    }),
    clock: systemClock,
    logger: silentLogger,
  });
  t.after(() => operations.close());
  const shown: Show[] = [];
  const warnings: string[] = [];
  let quits = 0;
  const targets = {
    operations,
    show: (what: Show) => shown.push(what),
    quit: () => quits++,
    logger: { ...silentLogger, warn: (_: unknown, message: string) => warnings.push(message) },
  };
  return { harness, operations, targets, shown, warnings, quits: () => quits };
}

function labels(items: readonly TrayItem[]): string[] {
  return items.flatMap((item) =>
    item.kind === 'submenu' ? [item.label, ...labels(item.items)] : 'label' in item ? [item.label] : [],
  );
}

test('tray actions go through the host API and the menu read back from the host shows their effect', async (t) => {
  const { harness, operations, targets, warnings } = await trayHost(t);
  const appId = harness.app.id;
  assert.ok(labels(trayMenu(readTrayState(operations))).includes('Pause background sync'));

  await performTrayAction({ kind: 'pause', appId }, targets);
  assert.equal(operations.list()[0]?.paused, true);
  assert.ok(labels(trayMenu(readTrayState(operations))).includes('News (paused)'));
  await performTrayAction({ kind: 'resume', appId }, targets);
  assert.equal(operations.list()[0]?.paused, false);

  await performTrayAction({ kind: 'run', appId, tag: 'get-latest-news', syncKind: 'periodic' }, targets);
  await performTrayAction({ kind: 'run', appId, tag: 'fail', syncKind: 'periodic' }, targets);
  assert.deepEqual(
    harness.engine.tagsDispatched(),
    ['get-latest-news', 'fail'],
    'each "run now" fired its tag once',
  );
  const state = readTrayState(operations);
  assert.deepEqual(
    state.runs.map((run) => [run.tag, run.trigger, run.outcome]),
    [
      ['fail', 'manual', 'failed'],
      ['get-latest-news', 'manual', 'success'],
    ],
  );
  assert.ok(
    labels(trayMenu(state)).includes('News · fail · failed · Error: the handler rejected (fixture "fail")'),
  );
  assert.deepEqual(warnings, []);
});

test('mute and unmute from the tray, the badge count and the failure alert mark follow the host', async (t) => {
  const { harness, operations, targets, warnings } = await trayHost(t);
  const appId = harness.app.id;
  const menu = () => labels(trayMenu(readTrayState(operations)));

  await performTrayAction({ kind: 'mute', appId }, targets);
  assert.equal(operations.list()[0]?.notificationsMuted, true);
  const muted = trayMenu(readTrayState(operations)).find(
    (item): item is Extract<TrayItem, { kind: 'submenu' }> =>
      item.kind === 'submenu' && item.label === 'Notifications',
  );
  assert.deepEqual(muted?.items, [
    { kind: 'checkbox', label: 'Show from News', checked: false, action: { kind: 'unmute', appId } },
  ]);
  await performTrayAction({ kind: 'unmute', appId }, targets);
  assert.equal(operations.list()[0]?.notificationsMuted, false);

  // The badge the app's worker sets, as the engine hands it to the host.
  harness.host.notifications.setBadge({ origin: harness.app.origin, scope: harness.scope }, 4);
  assert.ok(menu().includes('News (4)'));

  // Two failures in a row with `failure-alert-after` 2: the mark on the app and in the failures part, and the
  // tooltip says so; a success of the same task clears the mark.
  await operations.configSet({ key: 'failure-alert-after', value: '2' });
  await performTrayAction({ kind: 'run', appId, tag: 'fail', syncKind: 'periodic' }, targets);
  assert.ok(!menu().some((label) => label.includes(ALERT_MARK)), 'one failure is not yet a streak');
  await performTrayAction({ kind: 'run', appId, tag: 'fail', syncKind: 'periodic' }, targets);
  const alerted = readTrayState(operations);
  assert.ok(labels(trayMenu(alerted)).includes('News (4) ⚠'));
  assert.ok(labels(trayMenu(alerted)).includes('Recent failures ⚠ 1 task failing'));
  assert.ok(
    labels(trayMenu(alerted)).includes(
      '⚠ News · fail · failed 2 times in a row · Error: the handler rejected (fixture "fail")',
    ),
  );
  assert.match(trayTooltip(alerted), /1 task failing ⚠/);
  harness.engine.behaviour = () => Promise.resolve({ status: 'success' });
  await performTrayAction({ kind: 'run', appId, tag: 'fail', syncKind: 'periodic' }, targets);
  const cleared = readTrayState(operations);
  assert.deepEqual(cleared.alerts, []);
  assert.ok(!labels(trayMenu(cleared)).some((label) => label.includes(ALERT_MARK)));
  assert.doesNotMatch(trayTooltip(cleared), /failing/);
  assert.deepEqual(warnings, []);
});

test('"Start at login" writes the autostart entry that starts the app itself with --background', async (t) => {
  const { harness, operations, targets } = await trayHost(t);
  assert.equal(readTrayState(operations).startAtLogin, false);
  await performTrayAction({ kind: 'set-start-at-login', enabled: true }, targets);
  assert.equal(readTrayState(operations).startAtLogin, true);
  const entry = readFileSync(autostartPath({ dataDir: harness.dataDir, platform: 'linux' }), 'utf8');
  const exec = entry.split('\n').find((line) => line.startsWith('Exec='));
  assert.equal(exec, `Exec="/opt/PWA Host/pwa-host" --data-dir ${harness.dataDir} --background`);
  await performTrayAction({ kind: 'set-start-at-login', enabled: false }, targets);
  assert.throws(() => readFileSync(autostartPath({ dataDir: harness.dataDir, platform: 'linux' })), /ENOENT/);
});

test('open, manage and quit reach the shell; a failed action is logged, never thrown', async (t) => {
  const { harness, targets, shown, warnings, quits } = await trayHost(t);
  await performTrayAction({ kind: 'open-app', appId: harness.app.id }, targets);
  await performTrayAction({ kind: 'manage' }, targets);
  await performTrayAction({ kind: 'quit' }, targets);
  assert.deepEqual(shown, [{ kind: 'app', appId: harness.app.id }, { kind: 'manager' }]);
  assert.equal(quits(), 1);
  await performTrayAction(
    { kind: 'run', appId: harness.app.id, tag: 'never-registered', syncKind: 'periodic' },
    targets,
  );
  await performTrayAction({ kind: 'pause', appId: 'no-such-app' }, targets);
  assert.deepEqual(warnings, ['tray action failed', 'tray action failed']);
});

test('the menu follows host events: one rebuild now and one per burst of events', async (t) => {
  const { harness, operations, targets } = await trayHost(t);
  const seen: boolean[] = [];
  const stop = followHost(
    operations,
    () => seen.push(readTrayState(operations).apps[0]?.paused ?? false),
    30,
  );
  t.after(stop);
  assert.deepEqual(seen, [false]);
  await performTrayAction({ kind: 'pause', appId: harness.app.id }, targets);
  await performTrayAction({ kind: 'resume', appId: harness.app.id }, targets);
  await performTrayAction({ kind: 'pause', appId: harness.app.id }, targets);
  await new Promise((resolve) => setTimeout(resolve, 200));
  assert.deepEqual(seen, [false, true], 'three events in a burst rebuild once, with the final state');
  stop();
  await performTrayAction({ kind: 'resume', appId: harness.app.id }, targets);
  await new Promise((resolve) => setTimeout(resolve, 100));
  assert.equal(seen.length, 2, 'no rebuild after following stopped');
});

test('a pending one-off sync is counted in the tray, listed under its app, and run from there', async (t) => {
  const { harness, operations, targets } = await trayHost(t);
  harness.connectivity.set(false);
  harness.host.core.registerOneOff(harness.app.id, harness.scope, 'outbox');
  const state = readTrayState(operations);
  const menu = labels(trayMenu(state));
  assert.ok(menu.includes('1 one-off sync waiting'), menu.join(' | '));
  assert.ok(menu.includes('Run one-off “outbox” now'));
  assert.match(trayTooltip(state), /1 waiting to sync/);
  harness.connectivity.set(true);
  harness.host.core.stop(); // the schedule would send it by itself: the tray's own action must do it
  await performTrayAction(
    { kind: 'run', appId: harness.app.id, tag: 'outbox', syncKind: 'one-off' },
    targets,
  );
  assert.deepEqual(
    harness.engine.dispatches.map((dispatch) => [dispatch.kind, dispatch.tag]),
    [['one-off', 'outbox']],
  );
  assert.ok(!labels(trayMenu(readTrayState(operations))).some((label) => label.includes('waiting')));
});
