import { existsSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from '../../../logging/logger.ts';
import { type CommandRunner, describeFailure } from '../../command-runner.ts';
import { xdgConfigHome } from '../../xdg-dirs.ts';
import { wakeName } from '../wake-name.ts';
import { ARMED_EARLIER, type WakeScheduler } from '../wake-scheduler.ts';
import { wakeTime } from '../wake-time.ts';
import { systemdWakeUnits } from './systemd-units.ts';

export interface SystemdWakeSchedulerOptions {
  env: NodeJS.ProcessEnv;
  dataDir: string;
  command: readonly string[];
  logger: Logger;
  runner: CommandRunner;
  now: () => number;
  wakeSystem: boolean;
}

/**
 * Linux: a systemd user timer and service in `$XDG_CONFIG_HOME/systemd/user`. Arming writes both and
 * enables the timer, which needs no running systemd (it only links the timer into timers.target.wants), so
 * the timer starts with the user's systemd instance at the next login even when none answers now (no
 * session bus, a container); then it asks the running instance, if any, to reload and (re)start the timer.
 * There is no "when a network connects" start for it: network-online.target and NetworkManager's dispatcher
 * belong to the system instance and root, which a user unit can neither order against nor use, so a sync
 * waiting for the network fires at its time (or, offline, at the host's offline backoff).
 */
export class SystemdWakeScheduler implements WakeScheduler {
  readonly unitDir: string;
  readonly name: string;
  private readonly options: SystemdWakeSchedulerOptions;
  private state = 'not armed';

  constructor(options: SystemdWakeSchedulerOptions) {
    this.options = options;
    this.unitDir = join(xdgConfigHome(options.env), 'systemd', 'user');
    this.name = wakeName(options.dataDir);
    if (existsSync(this.timerPath)) this.state = ARMED_EARLIER;
  }

  get timerPath(): string {
    return join(this.unitDir, `${this.name}.timer`);
  }

  get servicePath(): string {
    return join(this.unitDir, `${this.name}.service`);
  }

  describe(): string {
    return `systemd user timer ${this.name}.timer in ${this.unitDir}: ${this.state}`;
  }

  async arm(at: Date): Promise<void> {
    const { logger } = this.options;
    let when: Date;
    try {
      when = wakeTime(at, this.options.now());
      const units = systemdWakeUnits({
        name: this.name,
        command: this.options.command,
        at: when,
        dataDir: this.options.dataDir,
        wakeSystem: this.options.wakeSystem,
      });
      await mkdir(this.unitDir, { recursive: true });
      await writeFile(this.servicePath, units.service);
      await writeFile(this.timerPath, units.timer);
    } catch (error) {
      this.state = `not armed: could not write the units (${String(error)})`;
      logger.error({ unitDir: this.unitDir, error: String(error) }, 'could not write the wake-up timer');
      return;
    }
    const timer = `${this.name}.timer`;
    const enabled = await this.systemctl(['enable', timer]);
    if (enabled !== true) {
      this.state = `units written for ${when.toISOString()} but not enabled (${enabled}); nothing will start them`;
      logger.warn({ timer, reason: enabled }, 'wrote the wake-up timer, but could not enable it');
      return;
    }
    const reloaded = await this.systemctl(['daemon-reload']);
    const restarted = reloaded === true ? await this.systemctl(['restart', timer]) : reloaded;
    if (restarted !== true) {
      this.state =
        `enabled for ${when.toISOString()}, but no systemd user instance took it (${restarted}); ` +
        'it starts with the next login (or at boot, with loginctl enable-linger)';
      logger.warn(
        { timer, reason: restarted },
        'wake-up timer enabled but not started: systemd --user unavailable',
      );
      return;
    }
    this.state = `armed for ${when.toISOString()}`;
    logger.info({ timer, at: when.toISOString() }, 'wake-up timer armed');
  }

  async disarm(): Promise<void> {
    if (!existsSync(this.timerPath) && !existsSync(this.servicePath)) {
      this.state = 'not armed';
      return;
    }
    const timer = `${this.name}.timer`;
    // Stopping needs a running instance; disabling does not. Either may fail without harm: the files go.
    await this.systemctl(['stop', timer]);
    await this.systemctl(['disable', timer]);
    await rm(this.timerPath, { force: true });
    await rm(this.servicePath, { force: true });
    await this.systemctl(['daemon-reload']);
    this.state = 'not armed';
    this.options.logger.info({ timer }, 'wake-up timer removed');
  }

  /** true, or why `systemctl --user <args>` failed. */
  private async systemctl(args: string[]): Promise<true | string> {
    const fullArgs = ['--user', '--quiet', ...args];
    const result = await this.options.runner('systemctl', fullArgs, this.options.env);
    if (result.exitCode === 0) return true;
    const reason = describeFailure('systemctl', fullArgs, result);
    this.options.logger.debug({ reason }, 'systemctl failed');
    return reason;
  }
}
