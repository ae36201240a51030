import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  decideFirstLaunch,
  decideSecondLaunch,
  type FirstLaunch,
  launchToStartAfterRun,
  type SecondLaunch,
} from '../../app/desktop/launch-decision.ts';
import type { LaunchFlags } from '../../app/desktop/launch-flags.ts';

const none: LaunchFlags = { background: false, runDue: false };

const firstLaunches: { flags: LaunchFlags; openedAtLogin?: boolean; expected: FirstLaunch }[] = [
  { flags: none, expected: { mode: 'serve', show: { kind: 'manager' } } },
  { flags: { ...none, background: true }, expected: { mode: 'serve', show: { kind: 'nothing' } } },
  { flags: { ...none, appId: 'abc' }, expected: { mode: 'serve', show: { kind: 'app', appId: 'abc' } } },
  {
    flags: { ...none, appId: 'abc', background: true },
    expected: { mode: 'serve', show: { kind: 'app', appId: 'abc' } },
  },
  {
    flags: { ...none, install: 'https://app.example/' },
    expected: { mode: 'serve', show: { kind: 'install', url: 'https://app.example/' } },
  },
  { flags: { ...none, runDue: true }, expected: { mode: 'run-due' } },
  // A macOS login item starts the app with no arguments: that is a background start.
  { flags: none, openedAtLogin: true, expected: { mode: 'serve', show: { kind: 'nothing' } } },
  { flags: { ...none, runDue: true }, openedAtLogin: true, expected: { mode: 'run-due' } },
];

for (const { flags, openedAtLogin = false, expected } of firstLaunches) {
  test(`first launch: ${JSON.stringify(flags)}${openedAtLogin ? ' at login' : ''}`, () => {
    assert.deepEqual(decideFirstLaunch(flags, { openedAtLogin }), expected);
  });
}

const serving = { dataDir: '/data', mode: 'serve' } as const;
const secondLaunches: {
  name: string;
  flags: LaunchFlags;
  running?: { dataDir: string; mode: FirstLaunch['mode'] };
  expected: SecondLaunch['kind'];
  show?: unknown;
  reason?: RegExp;
}[] = [
  {
    name: 'a launcher opens its app',
    flags: { ...none, appId: 'abc' },
    expected: 'show',
    show: { kind: 'app', appId: 'abc' },
  },
  { name: 'the menu entry shows the manager', flags: none, expected: 'show', show: { kind: 'manager' } },
  {
    name: '--install opens the install flow',
    flags: { ...none, install: 'https://app.example/' },
    expected: 'show',
    show: { kind: 'install', url: 'https://app.example/' },
  },
  {
    name: 'the same data dir spelled differently is the same',
    flags: { ...none, appId: 'abc', dataDir: '/data/./' },
    expected: 'show',
    show: { kind: 'app', appId: 'abc' },
  },
  {
    name: 'autostart while running does nothing',
    flags: { ...none, background: true },
    expected: 'ignore',
    reason: /already running/,
  },
  {
    name: 'an OS wake-up while running does nothing (the host fires due tasks itself)',
    flags: { ...none, runDue: true },
    expected: 'ignore',
    reason: /fires due tasks itself/,
  },
  {
    name: 'another data dir is refused',
    flags: { ...none, appId: 'abc', dataDir: '/elsewhere' },
    expected: 'ignore',
    reason: /data dir \/elsewhere reached the instance serving \/data/,
  },
  {
    name: 'a launcher clicked during a wake-up run starts the app once the run is done',
    flags: { ...none, appId: 'abc' },
    running: { dataDir: '/data', mode: 'run-due' },
    expected: 'start-after-run',
  },
  {
    name: 'the menu entry during a wake-up run starts the app once the run is done',
    flags: none,
    running: { dataDir: '/data', mode: 'run-due' },
    expected: 'start-after-run',
  },
  {
    name: 'a second wake-up during a wake-up run does nothing',
    flags: { ...none, runDue: true },
    running: { dataDir: '/data', mode: 'run-due' },
    expected: 'ignore',
    reason: /fires due tasks itself/,
  },
  {
    // A timer that missed its time while the machine was off fires at login, with the autostart entry.
    name: 'autostart during a wake-up run starts the host in the tray once the run is done',
    flags: { ...none, background: true },
    running: { dataDir: '/data', mode: 'run-due' },
    expected: 'start-after-run',
  },
];

for (const { name, flags, running = serving, expected, show, reason } of secondLaunches) {
  test(`second launch: ${name}`, () => {
    const decision = decideSecondLaunch(flags, running);
    assert.equal(decision.kind, expected);
    if (decision.kind === 'show') assert.deepEqual(decision.show, show);
    else if (decision.kind === 'start-after-run') assert.deepEqual(decision.flags, flags);
    else assert.match(decision.reason, reason ?? /./);
  });
}

const background = { flags: { ...none, background: true } };
const launcher = { flags: { ...none, appId: 'abc' } };
const menu = { flags: none };
const startsAfterRun: {
  name: string;
  waiting?: { flags: LaunchFlags };
  later: { flags: LaunchFlags };
  expected: unknown;
}[] = [
  { name: 'the only launch', later: background, expected: background },
  { name: 'a later launcher over autostart', waiting: background, later: launcher, expected: launcher },
  {
    name: 'autostart does not swallow a launcher clicked first',
    waiting: launcher,
    later: background,
    expected: launcher,
  },
  { name: 'the later of two launches that show something', waiting: launcher, later: menu, expected: menu },
];

for (const { name, waiting, later, expected } of startsAfterRun) {
  test(`after a wake-up run: ${name}`, () => {
    assert.equal(launchToStartAfterRun(waiting, later), expected);
  });
}
