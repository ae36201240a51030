import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { parse } from 'plist';
import { silentLogger } from '../../app/logging/logger.ts';
import type { CommandRunner } from '../../app/os/command-runner.ts';
import { calendarInterval, launchdWakePlist } from '../../app/os/wake/macos/launchd-plist.ts';
import { LaunchdWakeScheduler } from '../../app/os/wake/macos/launchd-wake-scheduler.ts';
import { wakeName } from '../../app/os/wake/wake-name.ts';
import { waitFor } from '../helpers/settle.ts';

const root = mkdtempSync(join(tmpdir(), 'pwa-host-wake-launchd-'));
after(() => rmSync(root, { recursive: true, force: true }));

const command = [
  '/Applications/PWA Host.app/Contents/MacOS/pwa-host',
  '--data-dir',
  '/Users/zoë/Data & <"x">',
  'serve',
];
const at = new Date('2031-04-05T06:07:08Z');

/** xmllint (Debian libxml2-utils) on a file: exit status and messages; empty for a well-formed file. */
function xmllint(path: string): { status: number | null; output: string } {
  const result = spawnSync('xmllint', ['--noout', path], { encoding: 'utf8' });
  if (result.error)
    assert.fail(`xmllint is missing (apt-get install libxml2-utils): ${result.error.message}`);
  return { status: result.status, output: `${result.stdout}${result.stderr}`.trim() };
}

type Agent = {
  Label: string;
  ProgramArguments: string[];
  StartCalendarInterval: Record<string, number>;
  RunAtLoad: boolean;
  AbandonProcessGroup: boolean;
};

describe('launchd agent plist for wake-when-quit', () => {
  test('the plist is well-formed (xmllint), declares the PropertyList-1.0 DTD, and parses back to the agent', () => {
    const text = launchdWakePlist({ label: 'pwa-host-wake-0123abcd', command, at, timeZone: 'UTC' });
    const file = join(root, 'agent.plist');
    writeFileSync(file, text);
    assert.deepEqual(xmllint(file), { status: 0, output: '' });
    assert.match(
      text,
      /<!DOCTYPE plist PUBLIC "-\/\/Apple\/\/DTD PLIST 1\.0\/\/EN" "http:\/\/www\.apple\.com\/DTDs\/PropertyList-1\.0\.dtd">/,
    );

    const agent = parse(text) as Agent;
    assert.equal(agent.Label, 'pwa-host-wake-0123abcd');
    assert.deepEqual(
      agent.ProgramArguments.slice(3),
      command,
      'the command follows the detaching shell, unquoted',
    );
    assert.deepEqual(agent.ProgramArguments.slice(0, 2), ['/bin/sh', '-c']);
    assert.deepEqual(agent.StartCalendarInterval, { Month: 4, Day: 5, Hour: 6, Minute: 8 });
    assert.equal(agent.RunAtLoad, false);
    assert.equal(agent.AbandonProcessGroup, true);
  });

  test('the detaching shell passes every argument through unchanged and returns at once', async () => {
    const out = join(root, 'argv.json');
    const script = join(root, 'record-argv.mjs');
    writeFileSync(
      script,
      "import { writeFileSync } from 'node:fs';\nwriteFileSync(process.argv[2], JSON.stringify(process.argv.slice(3)));\n",
    );
    const awkward = [
      'a b',
      "it's",
      'say "hi"',
      '$HOME',
      '`id`',
      '; rm -rf x',
      '',
      'back\\slash',
      'line\nbreak',
    ];
    const agent = parse(
      launchdWakePlist({
        label: 'l',
        command: [process.execPath, script, out, ...awkward],
        at,
        timeZone: 'UTC',
      }),
    ) as Agent;
    const [program, ...args] = agent.ProgramArguments;
    assert.ok(program);
    const shell = spawn(program, args, { stdio: 'ignore' });
    const exitCode = await new Promise((resolve) => shell.on('exit', resolve));
    assert.equal(exitCode, 0);
    const argv = await waitFor('the detached command', () => existsSync(out) && readFileSync(out, 'utf8'));
    assert.deepEqual(JSON.parse(argv), awkward);
  });

  test('calendar intervals are local wall-clock minutes, rounded up', () => {
    assert.deepEqual(calendarInterval(new Date('2031-04-05T06:07:00Z'), 'UTC'), {
      Month: 4,
      Day: 5,
      Hour: 6,
      Minute: 7,
    });
    assert.deepEqual(calendarInterval(new Date('2031-04-05T06:07:00.001Z'), 'UTC'), {
      Month: 4,
      Day: 5,
      Hour: 6,
      Minute: 8,
    });
    assert.deepEqual(calendarInterval(new Date('2031-12-31T23:59:30Z'), 'UTC'), {
      Month: 1,
      Day: 1,
      Hour: 0,
      Minute: 0,
    });
    assert.deepEqual(calendarInterval(at, 'Asia/Kolkata'), { Month: 4, Day: 5, Hour: 11, Minute: 38 });
    assert.deepEqual(calendarInterval(at, 'America/Los_Angeles'), { Month: 4, Day: 4, Hour: 23, Minute: 8 });
  });
});

describe('LaunchdWakeScheduler', () => {
  function recordingRunner() {
    const calls: string[][] = [];
    const runner: CommandRunner = async (file, args) => {
      calls.push([file, ...args]);
      // The first bootout finds no job loaded, as on a first arm.
      const notLoaded = args[0] === 'bootout' && calls.length === 1;
      return {
        exitCode: notLoaded ? 3 : 0,
        stdout: '',
        stderr: notLoaded ? 'Boot-out failed: 3: No such process' : '',
      };
    };
    return { runner, calls };
  }

  test('arm writes ~/Library/LaunchAgents/<name>.plist and bootstraps it into gui/<uid>; disarm boots it out', async () => {
    const home = mkdtempSync(join(root, 'home-'));
    const dataDir = join(home, 'data');
    mkdirSync(dataDir);
    const { runner, calls } = recordingRunner();
    const wake = new LaunchdWakeScheduler({
      env: { HOME: home },
      dataDir,
      command,
      logger: silentLogger,
      runner,
      now: () => Date.parse('2031-01-01T00:00:00Z'),
      timeZone: 'UTC',
      uid: 501,
    });
    await wake.arm(at);
    const label = wakeName(dataDir);
    assert.equal(wake.plistPath, join(home, 'Library', 'LaunchAgents', `${label}.plist`));
    assert.deepEqual(calls, [
      ['launchctl', 'bootout', `gui/501/${label}`],
      ['launchctl', 'bootstrap', 'gui/501', wake.plistPath],
    ]);
    const agent = parse(readFileSync(wake.plistPath, 'utf8')) as Agent;
    assert.equal(agent.Label, label);
    assert.deepEqual(agent.StartCalendarInterval, { Month: 4, Day: 5, Hour: 6, Minute: 8 });
    calls.length = 0;
    assert.match((await wake.status()) ?? '', /: armed \(launchd has it loaded in gui\/501\)$/);
    assert.deepEqual(calls, [['launchctl', 'print', `gui/501/${label}`]], 'launchd is asked, not the file');

    calls.length = 0;
    await wake.disarm();
    assert.deepEqual(calls, [['launchctl', 'bootout', `gui/501/${label}`]]);
    assert.equal(existsSync(wake.plistPath), false);
    calls.length = 0;
    await wake.disarm();
    assert.deepEqual(calls, [], 'nothing armed: no launchctl call');
    assert.equal(await wake.status(), null);
  });

  test('a plist launchd has not loaded is reported as not armed, with what launchctl said', async () => {
    const home = mkdtempSync(join(root, 'home-'));
    const dataDir = join(home, 'data');
    mkdirSync(dataDir);
    const refusing: CommandRunner = async (_file, args) =>
      args[0] === 'print'
        ? {
            exitCode: 113,
            stdout: '',
            stderr: `Could not find service "${wakeName(dataDir)}" in domain for user gui: 501`,
          }
        : { exitCode: 0, stdout: '', stderr: '' };
    const wake = new LaunchdWakeScheduler({
      env: { HOME: home },
      dataDir,
      command,
      logger: silentLogger,
      runner: refusing,
      now: () => Date.parse('2031-01-01T00:00:00Z'),
      timeZone: 'UTC',
      uid: 501,
    });
    await wake.arm(at);
    assert.match(
      (await wake.status()) ?? '',
      /: not armed: launchd has not loaded it \(launchctl print .*Could not find service/,
    );
  });
});
