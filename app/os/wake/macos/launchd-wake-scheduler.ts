import { existsSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import type { Logger } from '../../../logging/logger.ts';
import { type CommandRunner, describeFailure } from '../../command-runner.ts';
import { wakeName } from '../wake-name.ts';
import { ARMED_EARLIER, type WakeScheduler } from '../wake-scheduler.ts';
import { wakeTime } from '../wake-time.ts';

export interface LaunchdWakeSchedulerOptions {
  env: NodeJS.ProcessEnv;
  dataDir: string;
  command: readonly string[];
  logger: Logger;
  runner: CommandRunner;
  now: () => number;
  timeZone: string;
  uid: number;
}

/**
 * macOS: a LaunchAgent `~/Library/LaunchAgents/pwa-host-wake-<hash>.plist`, loaded into the user's GUI
 * domain. launchd reads a plist only when it is bootstrapped, so arming boots the old job out, rewrites the
 * file and bootstraps it again. No "when a network connects" start: KeepAlive's NetworkState key does nothing
 * since OS X 10.10, and a LaunchEvents notification must be checked in over XPC by the job it starts, which
 * a plain command cannot; a sync waiting for the network fires at its time (offline: the host's backoff).
 */
export class LaunchdWakeScheduler implements WakeScheduler {
  readonly label: string;
  readonly plistPath: string;
  private readonly options: LaunchdWakeSchedulerOptions;
  private state = 'not armed';

  constructor(options: LaunchdWakeSchedulerOptions) {
    this.options = options;
    this.label = wakeName(options.dataDir);
    this.plistPath = join(options.env.HOME ?? homedir(), 'Library', 'LaunchAgents', `${this.label}.plist`);
    if (existsSync(this.plistPath)) this.state = ARMED_EARLIER;
  }

  describe(): string {
    return `launchd agent ${this.label} (${this.plistPath}): ${this.state}`;
  }

  async arm(at: Date): Promise<void> {
    const { logger } = this.options;
    let when: Date;
    let plist: string;
    try {
      // Loaded when arming, not imported: the plist builder is a library every other platform's host and
      // `pwa-host status` would load for nothing.
      const { launchdWakePlist, roundUpToMinute } = await import('./launchd-plist.ts');
      when = roundUpToMinute(wakeTime(at, this.options.now()));
      plist = launchdWakePlist({
        label: this.label,
        command: this.options.command,
        at: when,
        timeZone: this.options.timeZone,
      });
    } catch (error) {
      this.state = `not armed: ${String(error)}`;
      logger.error({ error: String(error) }, 'could not build the wake-up agent');
      return;
    }
    await this.bootOut();
    try {
      await mkdir(dirname(this.plistPath), { recursive: true });
      await writeFile(this.plistPath, plist);
    } catch (error) {
      this.state = `not armed: could not write ${this.plistPath} (${String(error)})`;
      logger.error({ file: this.plistPath, error: String(error) }, 'could not write the wake-up agent');
      return;
    }
    const failure = await this.launchctl(['bootstrap', this.domain, this.plistPath]);
    if (failure) {
      this.state = `written for ${when.toISOString()} but not loaded (${failure}); it loads at the next login`;
      logger.warn({ label: this.label, reason: failure }, 'wrote the wake-up agent, but could not load it');
      return;
    }
    this.state = `armed for ${when.toISOString()}`;
    logger.info({ label: this.label, at: when.toISOString() }, 'wake-up agent armed');
  }

  async disarm(): Promise<void> {
    if (!existsSync(this.plistPath)) {
      this.state = 'not armed';
      return;
    }
    await this.bootOut();
    await rm(this.plistPath, { force: true });
    this.state = 'not armed';
    this.options.logger.info({ label: this.label }, 'wake-up agent removed');
  }

  private get domain(): string {
    return `gui/${this.options.uid}`;
  }

  // Fails harmlessly when the job is not loaded.
  private async bootOut(): Promise<void> {
    const failure = await this.launchctl(['bootout', `${this.domain}/${this.label}`]);
    if (failure) this.options.logger.debug({ reason: failure }, 'launchctl bootout failed');
  }

  /** undefined on success, else why it failed. */
  private async launchctl(args: string[]): Promise<string | undefined> {
    const result = await this.options.runner('launchctl', args, this.options.env);
    return result.exitCode === 0 ? undefined : describeFailure('launchctl', args, result);
  }
}
