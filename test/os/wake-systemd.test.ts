import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  realpathSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { silentLogger } from '../../app/logging/logger.ts';
import { type CommandRunner, execFileRunner } from '../../app/os/command-runner.ts';
import { systemdExecLine } from '../../app/os/wake/systemd/systemd-exec.ts';
import { systemdCalendarTime, systemdWakeUnits } from '../../app/os/wake/systemd/systemd-units.ts';
import { SystemdWakeScheduler } from '../../app/os/wake/systemd/systemd-wake-scheduler.ts';
import { wakeName } from '../../app/os/wake/wake-name.ts';
import { startSystemdUserManager } from './helpers/systemd-user-manager.ts';

const root = mkdtempSync(join(tmpdir(), 'pwa-host-wake-systemd-'));
after(() => rmSync(root, { recursive: true, force: true }));

const hostBinary = realpathSync(join(import.meta.dirname, '..', '..', 'bin', 'pwa-host'));
// Paths and arguments that break naive quoting: spaces, quotes, specifiers, variables, a lone separator.
const awkwardArguments = [
  'a b',
  "it's",
  'say "hi"',
  'back\\slash',
  '100%',
  '%h',
  '$HOME',
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a literal ${USER}, which systemd would expand
  '${USER}',
  ';',
  '',
  'tab\there',
  'line\nbreak',
  'é ✓',
];

let counter = 0;
function freshDir(name: string): string {
  const dir = join(root, `${name}-${counter++}`);
  mkdirSync(dir, { recursive: true });
  return dir;
}

/**
 * `systemd-analyze verify --user` on unit files (the Debian `systemd` package; no running systemd needed,
 * only a private runtime dir). Returns its combined output, which is empty for units without warnings.
 */
function verifyUnits(paths: string[]): { status: number | null; output: string } {
  const runtimeDir = freshDir('runtime');
  const result = spawnSync('systemd-analyze', ['verify', '--user', ...paths], {
    encoding: 'utf8',
    env: { ...process.env, XDG_RUNTIME_DIR: runtimeDir, SYSTEMD_LOG_COLOR: '0' },
  });
  if (result.error)
    assert.fail(`systemd-analyze is missing (apt-get install systemd): ${result.error.message}`);
  return { status: result.status, output: `${result.stdout}${result.stderr}`.trim() };
}

function writeUnits(
  dir: string,
  units: { serviceName: string; timerName: string; service: string; timer: string },
) {
  const service = join(dir, units.serviceName);
  const timer = join(dir, units.timerName);
  writeFileSync(service, units.service);
  writeFileSync(timer, units.timer);
  return [timer, service];
}

const at = new Date('2031-04-05T06:07:08Z');

describe('systemd units for wake-when-quit', () => {
  test('the generated timer and service pass systemd-analyze verify without a warning', () => {
    const dataDir = join(root, 'data dir');
    const units = systemdWakeUnits({
      name: wakeName(dataDir),
      command: [hostBinary, '--data-dir', dataDir, 'serve', '--run-due'],
      at,
      dataDir,
      wakeSystem: false,
    });
    assert.deepEqual(verifyUnits(writeUnits(freshDir('units'), units)), { status: 0, output: '' });
  });

  test('the validator is live: it rejects a service whose program does not exist', () => {
    const dataDir = join(root, 'data');
    const units = systemdWakeUnits({
      name: 'broken',
      command: ['/nonexistent/pwa-host'],
      at,
      dataDir,
      wakeSystem: false,
    });
    const result = verifyUnits(writeUnits(freshDir('broken'), units));
    assert.notEqual(result.status, 0);
    assert.match(result.output, /nonexistent/);
  });

  test('arguments with quotes, specifiers, variables and control characters verify cleanly', () => {
    const dataDir = join(root, '100% $HOME "data"');
    const units = systemdWakeUnits({
      name: 'awkward',
      command: [hostBinary, '--data-dir', dataDir, ...awkwardArguments],
      at,
      dataDir,
      wakeSystem: true,
    });
    assert.deepEqual(verifyUnits(writeUnits(freshDir('awkward'), units)), { status: 0, output: '' });
  });

  test('a program path with spaces, $, %h and ; reaches systemd unchanged (verify checks it is executable)', () => {
    const dir = freshDir('program dir $HOME 100% %h ; # & ( ) é');
    const program = join(dir, 'pwa host');
    copyFileSync('/bin/true', program);
    const units = systemdWakeUnits({
      name: 'spaced',
      command: [program, 'serve'],
      at,
      dataDir: dir,
      wakeSystem: false,
    });
    assert.deepEqual(verifyUnits(writeUnits(freshDir('spaced'), units)), { status: 0, output: '' });
  });

  test('the timer fires once at a UTC calendar time, persistently, to the second', () => {
    const units = systemdWakeUnits({
      name: 'pwa-host-wake-x',
      command: [hostBinary],
      at,
      dataDir: '/d',
      wakeSystem: false,
    });
    const timerLines = units.timer.split('\n');
    for (const line of [
      'OnCalendar=2031-04-05 06:07:08 UTC',
      'Persistent=true',
      'AccuracySec=1s',
      'WakeSystem=false',
      'Unit=pwa-host-wake-x.service',
      'WantedBy=timers.target',
    ]) {
      assert.ok(timerLines.includes(line), `${line} in\n${units.timer}`);
    }
    assert.ok(units.service.split('\n').includes('Type=oneshot'));
    assert.ok(units.service.split('\n').includes(`ExecStart="${hostBinary}"`));
  });

  test('systemd-analyze calendar reads the OnCalendar value as the same instant', () => {
    const value = systemdCalendarTime(at);
    const result = spawnSync('systemd-analyze', ['calendar', value], {
      encoding: 'utf8',
      env: { ...process.env, TZ: 'UTC' },
    });
    assert.equal(result.status, 0, result.stderr);
    assert.match(result.stdout, /Normalized form: 2031-04-05 06:07:08 UTC/);
    assert.match(result.stdout, /Next elapse: \w+ 2031-04-05 06:07:08 UTC/);
  });

  test('ExecStart quoting: every word double-quoted, % doubled, $ doubled only in arguments, a lone ; kept', () => {
    assert.equal(systemdExecLine(['/opt/pwa host/bin', 'serve']), '"/opt/pwa host/bin" "serve"');
    assert.equal(systemdExecLine(['/p%h/$x', '%h', '$HOME', ';']), '"/p%%h/$x" "%%h" "$$HOME" ";"');
    assert.equal(
      systemdExecLine(['/p', 'a"b\\c', 'l\nm\tn\u0001\u0085']),
      '"/p" "a\\"b\\\\c" "l\\nm\\tn\\x01\\u0085"',
    );
  });

  test('a program systemd cannot run is refused while generating, not written', () => {
    for (const program of ['pwa-host', '/opt/with"quote', '/opt/back\\slash', '/opt/dir/']) {
      assert.throws(() => systemdExecLine([program]), /systemd cannot run/);
    }
  });
});

describe('SystemdWakeScheduler', () => {
  function isolatedEnv() {
    const home = freshDir('home');
    return {
      HOME: home,
      XDG_CONFIG_HOME: join(home, 'config'),
      XDG_RUNTIME_DIR: freshDir('run'),
      PATH: process.env.PATH,
    };
  }

  function recordingRunner(exitCode = 0): { runner: CommandRunner; calls: string[][] } {
    const calls: string[][] = [];
    const runner: CommandRunner = async (file, args) => {
      calls.push([file, ...args]);
      return { exitCode, stdout: '', stderr: exitCode === 0 ? '' : 'Failed to connect to bus' };
    };
    return { runner, calls };
  }

  function realScheduler(env: ReturnType<typeof isolatedEnv>) {
    const dataDir = join(env.HOME, 'data');
    return new SystemdWakeScheduler({
      env,
      dataDir,
      command: [hostBinary, '--data-dir', dataDir, 'serve', '--run-due'],
      logger: silentLogger,
      runner: execFileRunner,
      now,
      wakeSystem: false,
    });
  }

  const now = () => Date.parse('2031-01-01T00:00:00Z');

  test('arm writes both units under $XDG_CONFIG_HOME, enables the timer and (re)starts it', async () => {
    const env = isolatedEnv();
    const { runner, calls } = recordingRunner();
    const dataDir = join(env.HOME, 'data');
    const scheduler = new SystemdWakeScheduler({
      env,
      dataDir,
      command: [hostBinary, '--data-dir', dataDir, 'serve', '--run-due'],
      logger: silentLogger,
      runner,
      now,
      wakeSystem: false,
    });
    await scheduler.arm(at);
    const name = wakeName(dataDir);
    assert.equal(scheduler.timerPath, join(env.XDG_CONFIG_HOME, 'systemd', 'user', `${name}.timer`));
    assert.match(readFileSync(scheduler.timerPath, 'utf8'), /^OnCalendar=2031-04-05 06:07:08 UTC$/m);
    assert.match(readFileSync(scheduler.servicePath, 'utf8'), /^ExecStart=.*"--run-due"$/m);
    assert.deepEqual(calls, [
      ['systemctl', '--user', '--quiet', 'enable', `${name}.timer`],
      ['systemctl', '--user', '--quiet', 'daemon-reload'],
      ['systemctl', '--user', '--quiet', 'restart', `${name}.timer`],
    ]);

    calls.length = 0;
    await scheduler.disarm();
    assert.equal(existsSync(scheduler.timerPath), false);
    assert.equal(existsSync(scheduler.servicePath), false);
    assert.deepEqual(
      calls.map((call) => call[3]),
      ['stop', 'disable', 'daemon-reload'],
    );
    assert.equal(await scheduler.status(), null);
  });

  test('with the real systemctl and no systemd user manager, arm writes and enables the timer, and status says it is not armed and why', async () => {
    const env = isolatedEnv();
    const scheduler = realScheduler(env);
    await scheduler.arm(at);
    const wants = join(scheduler.unitDir, 'timers.target.wants', `${scheduler.name}.timer`);
    assert.ok(existsSync(scheduler.timerPath) && existsSync(scheduler.servicePath));
    assert.ok(existsSync(wants), 'systemctl --user enable linked the timer into timers.target.wants');
    assert.deepEqual(verifyUnits([scheduler.timerPath, scheduler.servicePath]), { status: 0, output: '' });
    // What systemctl says, not the files: nothing answers, so nothing will fire until a manager starts.
    const status = await scheduler.status();
    assert.match(
      status ?? '',
      /: not armed: no systemd user manager answers \(systemctl --user show: Failed to connect to bus/,
    );
    assert.match(status ?? '', /the timer is enabled, so it starts with your next login/);
    assert.doesNotMatch(status ?? '', /armed for/);

    await scheduler.disarm();
    assert.equal(existsSync(wants), false, 'disable removed the link');
    assert.equal(existsSync(scheduler.timerPath), false);
    assert.equal(await scheduler.status(), null);
  });

  test('with a real systemd user manager: armed for the time systemd reports; stopped by hand, not armed', async (t) => {
    const env = isolatedEnv();
    await startSystemdUserManager(t, env);
    const scheduler = realScheduler(env);
    await scheduler.arm(at);
    assert.match(
      (await scheduler.status()) ?? '',
      /^systemd user timer pwa-host-wake-\w+\.timer in .*: armed for 2031-04-05T06:07:08\.000Z \(systemd: active \(waiting\), enabled\)$/,
    );
    const stopped = await execFileRunner('systemctl', ['--user', 'stop', `${scheduler.name}.timer`], env);
    assert.equal(stopped.exitCode, 0, stopped.stderr);
    assert.match(
      (await scheduler.status()) ?? '',
      /: not armed: the timer is not started \(systemd: inactive \(dead\), enabled\)$/,
    );

    await scheduler.disarm();
    assert.equal(await scheduler.status(), null);
    const gone = await execFileRunner(
      'systemctl',
      ['--user', 'show', `${scheduler.name}.timer`, '--property=LoadState'],
      env,
    );
    assert.equal(gone.stdout.trim(), 'LoadState=not-found', 'the manager forgot the timer');
  });

  test('a due time in the past is armed a minute from now', async () => {
    const env = isolatedEnv();
    const scheduler = new SystemdWakeScheduler({
      env,
      dataDir: '/data',
      command: [hostBinary],
      logger: silentLogger,
      runner: recordingRunner().runner,
      now: () => Date.parse('2031-01-01T00:00:00.400Z'),
      wakeSystem: false,
    });
    await scheduler.arm(new Date('2020-01-01T00:00:00Z'));
    assert.match(readFileSync(scheduler.timerPath, 'utf8'), /^OnCalendar=2031-01-01 00:01:01 UTC$/m);
  });

  test('disarm with nothing armed runs no systemctl', async () => {
    const { runner, calls } = recordingRunner();
    const scheduler = new SystemdWakeScheduler({
      env: isolatedEnv(),
      dataDir: '/data',
      command: [hostBinary],
      logger: silentLogger,
      runner,
      now,
      wakeSystem: false,
    });
    await scheduler.disarm();
    assert.deepEqual(calls, []);
  });

  test('a command systemd cannot run leaves nothing behind and does not reject', async () => {
    const { runner, calls } = recordingRunner();
    const scheduler = new SystemdWakeScheduler({
      env: isolatedEnv(),
      dataDir: '/data',
      command: ['pwa-host', 'serve'],
      logger: silentLogger,
      runner,
      now,
      wakeSystem: false,
    });
    await scheduler.arm(at);
    assert.equal(existsSync(scheduler.timerPath), false);
    assert.deepEqual(calls, []);
    assert.equal(await scheduler.status(), null, 'nothing was written, so nothing is armed');
  });
});
