import { execFileRunner } from '../command-runner.ts';
import { LaunchdWakeScheduler } from './macos/launchd-wake-scheduler.ts';
import { SystemdWakeScheduler } from './systemd/systemd-wake-scheduler.ts';
import { UnsupportedWakeScheduler } from './unsupported-wake-scheduler.ts';
import type { WakeScheduler, WakeSchedulerOptions } from './wake-scheduler.ts';
import { TaskSchedulerWakeScheduler } from './windows/task-scheduler-wake-scheduler.ts';

/**
 * The wake-up mechanism for `platform`: a systemd user timer on Linux, a Task Scheduler task on Windows, a
 * launchd agent on macOS, and a scheduler that only logs elsewhere. When the user turns wake-when-quit off,
 * call disarm() once and stop calling arm().
 */
export function createWakeScheduler(options: WakeSchedulerOptions): WakeScheduler {
  const common = {
    env: options.env,
    dataDir: options.dataDir,
    command: [...options.command],
    logger: options.logger,
    runner: options.runner ?? execFileRunner,
    now: options.now ?? Date.now,
  };
  const wakeFromSleep = options.wakeFromSleep === true;
  switch (options.platform) {
    case 'linux':
      return new SystemdWakeScheduler({ ...common, wakeSystem: wakeFromSleep });
    case 'win32':
      return new TaskSchedulerWakeScheduler({ ...common, wakeToRun: wakeFromSleep });
    case 'darwin':
      return new LaunchdWakeScheduler({
        ...common,
        timeZone: options.timeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone,
        uid: options.uid ?? process.getuid?.() ?? 0,
      });
    default:
      return new UnsupportedWakeScheduler(options.platform, options.logger);
  }
}
