import { existsSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from '../../../logging/logger.ts';
import { type CommandRunner, describeFailure } from '../../command-runner.ts';
import { xdgConfigHome } from '../../xdg-dirs.ts';
import { wakeName } from '../wake-name.ts';
import type { WakeScheduler } from '../wake-scheduler.ts';
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

  constructor(options: SystemdWakeSchedulerOptions) {
    this.options = options;
    this.unitDir = join(xdgConfigHome(options.env), 'systemd', 'user');
    this.name = wakeName(options.dataDir);
  }

  get timerPath(): string {
    return join(this.unitDir, `${this.name}.timer`);
  }

  get servicePath(): string {
    return join(this.unitDir, `${this.name}.service`);
  }

  async status(): Promise<string | null> {
    if (!existsSync(this.timerPath)) return null;
    const timer = `${this.name}.timer`;
    const where = `systemd user timer ${timer} in ${this.unitDir}`;
    // The user manager's own view; TZ=UTC makes it write the next time in UTC.
    const shown = await this.options.runner(
      'systemctl',
      ['--user', 'show', timer, `--property=${TIMER_PROPERTIES.join(',')}`],
      { ...this.options.env, TZ: 'UTC' },
    );
    if (shown.exitCode === 0) return `${where}: ${describeTimer(parseProperties(shown.stdout))}`;
    // No user manager answers (no login session, a container): the unit files alone cannot fire.
    const reason = describeFailure('systemctl', ['--user', 'show'], shown);
    const enabled = await this.options.runner('systemctl', ['--user', 'is-enabled', timer], this.options.env);
    const unitFileState = enabled.stdout.trim();
    return unitFileState === 'enabled'
      ? `${where}: not armed: no systemd user manager answers (${reason}); the timer is enabled, so it ` +
          'starts with your next login (or at boot, after `loginctl enable-linger`)'
      : `${where}: not armed: no systemd user manager answers (${reason}), and the timer is ${unitFileState || 'not enabled'}`;
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
      logger.error(
        { unitDir: this.unitDir, error: String(error) },
        'The wake-up timer could not be written, so no due task runs while the host is not running',
      );
      return;
    }
    const timer = `${this.name}.timer`;
    const enabled = await this.systemctl(['enable', timer]);
    if (enabled !== true) {
      logger.warn(
        { timer, reason: enabled },
        'The wake-up timer was written but could not be enabled, so nothing will start it',
      );
      return;
    }
    const reloaded = await this.systemctl(['daemon-reload']);
    const restarted = reloaded === true ? await this.systemctl(['restart', timer]) : reloaded;
    if (restarted !== true) {
      logger.warn(
        { timer, reason: restarted },
        'The wake-up timer is enabled but not started, because no systemd user manager answers; it starts ' +
          'with your next login (or at boot, after `loginctl enable-linger`)',
      );
      return;
    }
    logger.info({ timer, at: when.toISOString() }, 'wake-up timer armed');
  }

  async disarm(): Promise<void> {
    if (!existsSync(this.timerPath) && !existsSync(this.servicePath)) return;
    const timer = `${this.name}.timer`;
    // Stopping needs a running instance; disabling does not. Either may fail without harm: the files go.
    await this.systemctl(['stop', timer]);
    await this.systemctl(['disable', timer]);
    await rm(this.timerPath, { force: true });
    await rm(this.servicePath, { force: true });
    await this.systemctl(['daemon-reload']);
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

const TIMER_PROPERTIES = ['LoadState', 'ActiveState', 'SubState', 'UnitFileState', 'NextElapseUSecRealtime'];

/** `systemctl show` output: one `Name=value` per line. */
function parseProperties(text: string): Record<string, string> {
  return Object.fromEntries(
    text
      .split('\n')
      .map((line) => /^(\w+)=(.*)$/.exec(line.trim()))
      .filter((match) => match !== null)
      .map((match) => [match[1], match[2]]),
  );
}

/** What the user manager says of the timer, in a sentence. */
function describeTimer(properties: Record<string, string | undefined>): string {
  const { LoadState, ActiveState, SubState, UnitFileState, NextElapseUSecRealtime } = properties;
  const said = `systemd: ${ActiveState ?? '?'} (${SubState ?? '?'}), ${UnitFileState || 'not enabled'}`;
  if (LoadState !== 'loaded')
    return `not armed: the user manager has not loaded the timer (${LoadState ?? 'unknown'}); \`systemctl --user daemon-reload\` reads it`;
  if (ActiveState !== 'active') return `not armed: the timer is not started (${said})`;
  // e.g. "Sat 2031-04-05 06:07:08 UTC"; empty once a one-shot timer has fired.
  const next = /(\d{4}-\d\d-\d\d) (\d\d:\d\d:\d\d) UTC/.exec(NextElapseUSecRealtime ?? '');
  if (!next) return `not armed: the timer has no next time (it has fired; ${said})`;
  return `armed for ${next[1]}T${next[2]}.000Z (${said})`;
}
