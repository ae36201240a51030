import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { type Logger, silentLogger } from '../../app/logging/logger.ts';
import type { CommandRunner } from '../../app/os/command-runner.ts';
import { createWakeScheduler } from '../../app/os/wake/create-wake-scheduler.ts';
import { LaunchdWakeScheduler } from '../../app/os/wake/macos/launchd-wake-scheduler.ts';
import { SystemdWakeScheduler } from '../../app/os/wake/systemd/systemd-wake-scheduler.ts';
import { UnsupportedWakeScheduler } from '../../app/os/wake/unsupported-wake-scheduler.ts';
import { wakeName } from '../../app/os/wake/wake-name.ts';
import { MINIMUM_WAKE_DELAY_MS, wakeTime } from '../../app/os/wake/wake-time.ts';
import { TaskSchedulerWakeScheduler } from '../../app/os/wake/windows/task-scheduler-wake-scheduler.ts';

const base = {
  env: { HOME: '/nonexistent-home' },
  dataDir: '/data',
  command: ['/usr/bin/pwa-host'],
  logger: silentLogger,
};

describe('createWakeScheduler', () => {
  test('picks the mechanism for each platform', () => {
    assert.ok(createWakeScheduler({ ...base, platform: 'linux' }) instanceof SystemdWakeScheduler);
    assert.ok(createWakeScheduler({ ...base, platform: 'win32' }) instanceof TaskSchedulerWakeScheduler);
    assert.ok(createWakeScheduler({ ...base, platform: 'darwin' }) instanceof LaunchdWakeScheduler);
    assert.ok(createWakeScheduler({ ...base, platform: 'freebsd' }) instanceof UnsupportedWakeScheduler);
  });

  test('with nothing armed, status() is null on every platform with a mechanism, and asks nothing', async () => {
    const asked: string[] = [];
    const runner: CommandRunner = async (file) => {
      asked.push(file);
      return { exitCode: 0, stdout: '', stderr: '' };
    };
    for (const platform of ['linux', 'win32', 'darwin'] as const)
      assert.equal(
        await createWakeScheduler({ ...base, platform, runner, env: { HOME: '/home/u' } }).status(),
        null,
      );
    assert.deepEqual(asked, []);
  });

  test('an unsupported platform warns once and never rejects', async () => {
    const warnings: string[] = [];
    const logger: Logger = { ...silentLogger, warn: (_fields, message) => warnings.push(message) };
    const wake = createWakeScheduler({ ...base, platform: 'aix', logger });
    await wake.arm(new Date());
    await wake.arm(new Date());
    await wake.disarm();
    assert.equal(warnings.length, 1);
    assert.match((await wake.status()) ?? '', /no wake-up when quit on aix/);
  });
});

describe('wake names and times', () => {
  test('one name per resolved data dir: short, distinct, stable', () => {
    assert.match(wakeName('/home/u/.local/share/pwa-host'), /^pwa-host-wake-[0-9a-f]{8}$/);
    assert.notEqual(wakeName('/a'), wakeName('/b'));
    assert.equal(wakeName('/home/u/data/'), wakeName('/home/u/data'));
    assert.equal(wakeName('/home/u/x/../data'), wakeName('/home/u/data'));
  });

  test('a wake-up is never set for less than a minute from now, and lands on a whole second', () => {
    const now = Date.parse('2031-01-01T00:00:00.250Z');
    assert.equal(wakeTime(new Date(now - 3_600_000), now).toISOString(), '2031-01-01T00:01:01.000Z');
    assert.equal(
      wakeTime(new Date(now + MINIMUM_WAKE_DELAY_MS * 10), now).toISOString(),
      '2031-01-01T00:10:01.000Z',
    );
    assert.equal(wakeTime(new Date('2031-06-01T12:00:00Z'), now).toISOString(), '2031-06-01T12:00:00.000Z');
    assert.throws(() => wakeTime(new Date(Number.NaN), now), RangeError);
  });
});
