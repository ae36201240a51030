import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  LAUNCH_FLAGS_HELP,
  type LaunchFlags,
  launchFlagsArgv,
  launchFlagsSchema,
  parseLaunchFlags,
} from '../../app/desktop/launch-flags.ts';

const none: LaunchFlags = { background: false, runDue: false };
const cwd = '/home/ada';

const cases: { argv: string[]; flags: LaunchFlags; problems?: RegExp[] }[] = [
  { argv: [], flags: none },
  { argv: ['--app-id=news-1'], flags: { ...none, appId: 'news-1' } },
  { argv: ['--app-id', 'news-1'], flags: { ...none, appId: 'news-1' } },
  { argv: ['--background'], flags: { ...none, background: true } },
  { argv: ['--run-due'], flags: { ...none, runDue: true } },
  {
    argv: ['--install', 'https://app.example/start?x=1'],
    flags: { ...none, install: 'https://app.example/start?x=1' },
  },
  { argv: ['--install=http://localhost:8080'], flags: { ...none, install: 'http://localhost:8080/' } },
  { argv: ['--data-dir', '/srv/pwa'], flags: { ...none, dataDir: '/srv/pwa' } },
  { argv: ['--data-dir=data'], flags: { ...none, dataDir: '/home/ada/data' } },
  // What the OS integration writes: launchers, autostart, wake-ups.
  {
    argv: ['--data-dir', '/srv/pwa', '--app-id=abc'],
    flags: { ...none, dataDir: '/srv/pwa', appId: 'abc' },
  },
  {
    argv: ['--data-dir', '/srv/pwa', '--background'],
    flags: { ...none, dataDir: '/srv/pwa', background: true },
  },
  { argv: ['--data-dir', '/srv/pwa', '--run-due'], flags: { ...none, dataDir: '/srv/pwa', runDue: true } },
  // The Linux wake-up: Chromium's headless Ozone switch is the app's own, so no problem is logged for it.
  {
    argv: ['--data-dir', '/srv/pwa', '--ozone-platform=headless', '--run-due'],
    flags: { ...none, dataDir: '/srv/pwa', runDue: true },
  },
  // Unknown flags (Chromium's own switches among them) are reported and skipped, never fatal.
  {
    argv: ['--ozone-platform=wayland', '--app-id=abc'],
    flags: { ...none, appId: 'abc' },
    problems: [/unknown flag "--ozone-platform=wayland" ignored/],
  },
  { argv: ['stray'], flags: none, problems: [/unknown argument "stray" ignored/] },
  { argv: ['-psn_0_12345'], flags: none },
  // Bad values: a clear message and the flag skipped.
  { argv: ['--app-id'], flags: none, problems: [/--app-id needs a value/] },
  { argv: ['--app-id='], flags: none, problems: [/--app-id needs a value/] },
  { argv: ['--app-id=../../etc'], flags: none, problems: [/"..\/..\/etc" is not an app id/] },
  {
    argv: ['--app-id', '--background'],
    flags: { ...none, background: true },
    problems: [/--app-id needs a value/],
  },
  { argv: ['--install', 'file:///etc/passwd'], flags: none, problems: [/--install needs an absolute http/] },
  { argv: ['--install', 'javascript:alert(1)'], flags: none, problems: [/--install needs an absolute http/] },
  { argv: ['--install', 'not a url'], flags: none, problems: [/--install needs an absolute http/] },
  { argv: ['--data-dir'], flags: none, problems: [/--data-dir needs a value/] },
  // --run-due never opens a window.
  {
    argv: ['--run-due', '--app-id=abc', '--background'],
    flags: { ...none, runDue: true },
    problems: [/--run-due opens no window/],
  },
];

for (const { argv, flags, problems = [] } of cases) {
  test(`launch flags: ${JSON.stringify(argv)}`, () => {
    const parsed = parseLaunchFlags(argv, cwd);
    assert.equal(parsed.kind, 'launch');
    if (parsed.kind !== 'launch') return;
    assert.deepEqual(parsed.flags, flags);
    assert.equal(parsed.problems.length, problems.length, parsed.problems.join('\n'));
    for (const [index, pattern] of problems.entries()) assert.match(parsed.problems[index] ?? '', pattern);
  });
}

test('launchFlagsArgv gives back an argv that parses to the same flags', () => {
  for (const { argv } of cases) {
    const parsed = parseLaunchFlags(argv, cwd);
    if (parsed.kind !== 'launch') continue;
    const again = parseLaunchFlags(launchFlagsArgv(parsed.flags), '/elsewhere');
    assert.deepEqual(again, { kind: 'launch', flags: parsed.flags, problems: [] }, JSON.stringify(argv));
  }
});

test('--help and -h give the usage text, whatever else is given', () => {
  for (const argv of [['--help'], ['-h'], ['--app-id=abc', '--help']]) {
    assert.deepEqual(parseLaunchFlags(argv, cwd), { kind: 'help', text: LAUNCH_FLAGS_HELP });
  }
  for (const flag of ['--app-id=ID', '--background', '--install URL', '--data-dir DIR', '--run-due']) {
    assert.ok(LAUNCH_FLAGS_HELP.includes(flag), flag);
  }
});

test('what a second launch hands over is validated: parsed flags pass, anything else is refused', () => {
  for (const { argv } of cases) {
    const parsed = parseLaunchFlags(argv, cwd);
    if (parsed.kind === 'launch') assert.deepEqual(launchFlagsSchema.parse(parsed.flags), parsed.flags);
  }
  const hostile: unknown[] = [
    null,
    'open',
    { background: 'yes', runDue: false },
    { background: false, runDue: false, appId: '../x' },
    { background: false, runDue: false, install: 'file:///etc/passwd' },
    { background: false, runDue: false, install: 'javascript:alert(1)' },
    { background: false, runDue: false, dataDir: '' },
    { background: false, runDue: false, extra: 1 },
  ];
  for (const data of hostile)
    assert.equal(launchFlagsSchema.safeParse(data).success, false, JSON.stringify(data));
});
