import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  menuText,
  type TrayItem,
  type TrayState,
  trayMenu,
  trayTitle,
  trayTooltip,
} from '../../app/desktop/tray-menu.ts';
import type { FailureAlert, RunSummary, SyncSummary } from '../../app/host/host-operations.ts';
import type { AppRecord } from '../../app/store/records.ts';
import { fixtureAppRecord } from '../helpers/fixture-app.ts';

function app(id: string, name: string, paused = false, more: Partial<AppRecord> = {}): AppRecord {
  return fixtureAppRecord(`https://${id}.example`, name, { id, paused, ...more });
}

function alert(
  appId: string,
  appName: string,
  tag: string,
  lastError: string | null,
  kind: FailureAlert['kind'] = 'periodic',
): FailureAlert {
  return { kind, appId, appName, tag, failures: 3, lastError, alertedAt: 5 };
}

function sync(appId: string, tag: string, firing = false): SyncSummary {
  return {
    kind: 'periodic',
    appId,
    appName: appId,
    scope: `https://${appId}.example/`,
    tag,
    minIntervalMs: 60_000,
    effectiveIntervalMs: 900_000,
    nextDueAt: 0,
    firing,
    paused: false,
    lastOutcome: null,
    lastCompletedAt: null,
  };
}

let runId = 0;
function run(
  appName: string | null,
  tag: string,
  outcome: RunSummary['outcome'],
  error: string | null = null,
): RunSummary {
  runId++;
  return {
    id: runId,
    appId: 'news',
    appName,
    kind: 'periodic',
    maxAttempts: null,
    lastChance: null,
    registrationId: 1,
    scope: 'https://news.example/',
    tag,
    trigger: 'scheduled',
    attempt: 1,
    outcome,
    error,
    startedAt: 0,
    endedAt: 1,
    durationMs: 1,
    notifications: [],
  };
}

const empty: TrayState = { apps: [], syncs: [], runs: [], alerts: [], online: true, startAtLogin: false };

/** The menu as lines a person reads: indentation for submenus, markers for state. */
function outline(items: readonly TrayItem[], depth = 0): string[] {
  return items.flatMap((item) => outlineItem(item, depth));
}

function outlineItem(item: TrayItem, depth: number): string[] {
  const pad = '  '.repeat(depth);
  switch (item.kind) {
    case 'separator':
      return [`${pad}---`];
    case 'info':
      return [`${pad}(${item.label})`];
    case 'action':
      return [`${pad}${item.label}${item.enabled ? '' : ' [disabled]'} → ${JSON.stringify(item.action)}`];
    case 'checkbox':
      return [`${pad}[${item.checked ? 'x' : ' '}] ${item.label} → ${JSON.stringify(item.action)}`];
    case 'submenu':
      return [`${pad}${item.label} >`, ...outline(item.items, depth + 1)];
  }
}

const cases: { name: string; state: TrayState; expected: string[] }[] = [
  {
    name: 'no apps',
    state: empty,
    expected: [
      '(No apps installed)',
      '---',
      '(No recent failures)',
      '---',
      'Manage apps… → {"kind":"manage"}',
      '[ ] Start at login → {"kind":"set-start-at-login","enabled":true}',
      '---',
      'Quit PWA Host → {"kind":"quit"}',
    ],
  },
  {
    name: 'apps sorted by name, per app pause/resume and run now per tag, failures newest first, autostart on',
    state: {
      apps: [app('weather', 'Weather', true), app('news', 'News')],
      syncs: [sync('news', 'get-latest-news'), sync('news', 'prefetch', true)],
      runs: [
        run('News', 'get-latest-news', 'timed-out'),
        run('News', 'prefetch', 'success'),
        run(null, 'old', 'failed', 'TypeError: x is undefined'),
      ],
      alerts: [],
      online: true,
      startAtLogin: true,
    },
    expected: [
      'News → {"kind":"open-app","appId":"news"}',
      'Weather → {"kind":"open-app","appId":"weather"}',
      '---',
      'Background sync >',
      '  News >',
      '    Pause background sync → {"kind":"pause","appId":"news"}',
      '    ---',
      '    Run “get-latest-news” now → {"kind":"run","appId":"news","tag":"get-latest-news","syncKind":"periodic"}',
      '    Running “prefetch”… [disabled] → {"kind":"run","appId":"news","tag":"prefetch","syncKind":"periodic"}',
      '  Weather (paused) >',
      '    Resume background sync → {"kind":"resume","appId":"weather"}',
      '    ---',
      '    (No background syncs registered)',
      'Notifications >',
      '  [x] Show from News → {"kind":"mute","appId":"news"}',
      '  [x] Show from Weather → {"kind":"mute","appId":"weather"}',
      'Recent failures >',
      '  (News · get-latest-news · timed out)',
      '  (removed app · old · failed · TypeError: x is undefined)',
      '---',
      'Manage apps… → {"kind":"manage"}',
      '[x] Start at login → {"kind":"set-start-at-login","enabled":false}',
      '---',
      'Quit PWA Host → {"kind":"quit"}',
    ],
  },
  {
    name: 'badge counts and the alert mark on the apps, mute per app, alerts first among the failures',
    state: {
      ...empty,
      apps: [
        app('news', 'News', false, { badge: 3 }),
        app('mail', 'Mail', false, { badge: 'flag', notificationsMuted: true }),
        app('chat', 'Chat'),
      ],
      runs: [run('News', 'flaky', 'failed', 'flaky answered 500')],
      alerts: [alert('news', 'News', 'flaky', 'flaky answered 500'), alert('chat', 'Chat', 'poll', null)],
    },
    expected: [
      'Chat ⚠ → {"kind":"open-app","appId":"chat"}',
      'Mail (•) → {"kind":"open-app","appId":"mail"}',
      'News (3) ⚠ → {"kind":"open-app","appId":"news"}',
      '---',
      'Background sync >',
      '  Chat >',
      '    Pause background sync → {"kind":"pause","appId":"chat"}',
      '    ---',
      '    (No background syncs registered)',
      '  Mail >',
      '    Pause background sync → {"kind":"pause","appId":"mail"}',
      '    ---',
      '    (No background syncs registered)',
      '  News >',
      '    Pause background sync → {"kind":"pause","appId":"news"}',
      '    ---',
      '    (No background syncs registered)',
      'Notifications >',
      '  [x] Show from Chat → {"kind":"mute","appId":"chat"}',
      '  [ ] Show from Mail → {"kind":"unmute","appId":"mail"}',
      '  [x] Show from News → {"kind":"mute","appId":"news"}',
      'Recent failures ⚠ 2 tasks failing >',
      '  (⚠ News · flaky · failed 3 times in a row · flaky answered 500)',
      '  (⚠ Chat · poll · failed 3 times in a row)',
      '  ---',
      '  (News · flaky · failed · flaky answered 500)',
      '---',
      'Manage apps… → {"kind":"manage"}',
      '[ ] Start at login → {"kind":"set-start-at-login","enabled":true}',
      '---',
      'Quit PWA Host → {"kind":"quit"}',
    ],
  },
  {
    name: 'an alert whose failed runs are no longer among the recent ones still shows',
    state: { ...empty, alerts: [alert('gone', 'Gone & Co', 'x', 'boom')] },
    expected: [
      '(No apps installed)',
      '---',
      'Recent failures ⚠ 1 task failing >',
      '  (⚠ Gone && Co · x · failed 3 times in a row · boom)',
      '---',
      'Manage apps… → {"kind":"manage"}',
      '[ ] Start at login → {"kind":"set-start-at-login","enabled":true}',
      '---',
      'Quit PWA Host → {"kind":"quit"}',
    ],
  },
  {
    name: 'a one-off sync given up shows in one-off wording beside a task that keeps failing',
    state: {
      ...empty,
      apps: [app('mail', 'Mail')],
      alerts: [
        alert('mail', 'Mail', 'poll', null),
        alert('mail', 'Mail', 'workbox-background-sync:outbox', 'Failed to fetch', 'one-off'),
      ],
    },
    expected: [
      'Mail ⚠ → {"kind":"open-app","appId":"mail"}',
      '---',
      'Background sync >',
      '  Mail >',
      '    Pause background sync → {"kind":"pause","appId":"mail"}',
      '    ---',
      '    (No background syncs registered)',
      'Notifications >',
      '  [x] Show from Mail → {"kind":"mute","appId":"mail"}',
      'Recent failures ⚠ 1 task failing, 1 one-off sync given up >',
      '  (⚠ Mail · poll · failed 3 times in a row)',
      '  (⚠ Mail · one-off “workbox-background-sync:outbox” · gave up sending after 3 failed attempts · Failed to fetch)',
      '---',
      'Manage apps… → {"kind":"manage"}',
      '[ ] Start at login → {"kind":"set-start-at-login","enabled":true}',
      '---',
      'Quit PWA Host → {"kind":"quit"}',
    ],
  },
  {
    name: 'offline says so first',
    state: { ...empty, online: false },
    expected: [
      '(Offline: syncs wait for the network)',
      '---',
      '(No apps installed)',
      '---',
      '(No recent failures)',
      '---',
      'Manage apps… → {"kind":"manage"}',
      '[ ] Start at login → {"kind":"set-start-at-login","enabled":true}',
      '---',
      'Quit PWA Host → {"kind":"quit"}',
    ],
  },
];

for (const { name, state, expected } of cases) {
  test(`tray menu: ${name}`, () => assert.deepEqual(outline(trayMenu(state)), expected));
}

test('tray menu: at most five failures, the newest', () => {
  const runs = Array.from({ length: 8 }, (_, index) => run('News', `tag-${index}`, 'failed'));
  const failures = trayMenu({ ...empty, runs }).find(
    (item): item is Extract<TrayItem, { kind: 'submenu' }> =>
      item.kind === 'submenu' && item.label === 'Recent failures',
  );
  assert.deepEqual(
    failures?.items.map((item) => (item.kind === 'info' ? item.label : '')),
    [0, 1, 2, 3, 4].map((index) => `News · tag-${index} · failed`),
  );
});

test('tray menu: at most ten alerts, then how many more (an app can give up any number of fresh tags)', () => {
  const alerts = Array.from({ length: 25 }, (_, index) =>
    alert('mail', 'Mail', `outbox-${index}`, null, 'one-off'),
  );
  const failures = trayMenu({ ...empty, apps: [app('mail', 'Mail')], alerts }).find(
    (item): item is Extract<TrayItem, { kind: 'submenu' }> =>
      item.kind === 'submenu' && item.label.startsWith('Recent failures'),
  );
  assert.equal(failures?.label, 'Recent failures ⚠ 25 one-off syncs given up');
  assert.equal(failures?.items.length, 11);
  assert.deepEqual(failures?.items.at(-1), { kind: 'info', label: '…and 15 more (Manage apps…)' });
});

test('page-controlled text becomes a safe one-line label', () => {
  assert.equal(menuText('Tom & Jerry'), 'Tom && Jerry');
  assert.equal(menuText('line\nbreak\u0007bell\u2028sep'), 'line break bell sep');
  assert.equal(menuText('x'.repeat(100)).length, 60);
  assert.ok(menuText('x'.repeat(100)).endsWith('…'));
  const hostile = trayMenu({ ...empty, apps: [app('a', 'A & B\nQuit PWA Host')] });
  assert.equal(hostile[0]?.kind === 'action' && hostile[0].label, 'A && B Quit PWA Host');
});

test('tooltip and title: app count, paused, failing tasks, offline', () => {
  assert.equal(trayTooltip(empty), 'PWA Host: 0 apps');
  assert.equal(
    trayTooltip({ ...empty, apps: [app('a', 'A', true)], online: false }),
    'PWA Host: 1 app, 1 paused, offline',
  );
  assert.equal(
    trayTooltip({ ...empty, apps: [app('a', 'A')], alerts: [alert('a', 'A', 'x', null)] }),
    'PWA Host: 1 app, 1 task failing ⚠',
  );
  assert.equal(
    trayTooltip({ ...empty, apps: [app('a', 'A')], alerts: [alert('a', 'A', 'x', null, 'one-off')] }),
    'PWA Host: 1 app, 1 one-off sync given up ⚠',
  );
  assert.equal(trayTitle(empty), '');
  assert.equal(trayTitle({ ...empty, alerts: [alert('a', 'A', 'x', null)] }), '⚠');
});
