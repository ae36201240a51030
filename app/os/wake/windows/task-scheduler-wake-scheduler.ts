import { existsSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from '../../../logging/logger.ts';
import { type CommandRunner, describeFailure } from '../../command-runner.ts';
import { wakeName } from '../wake-name.ts';
import { ARMED_EARLIER, type WakeOptions, type WakeScheduler } from '../wake-scheduler.ts';
import { wakeTime } from '../wake-time.ts';

export interface TaskSchedulerWakeSchedulerOptions {
  env: NodeJS.ProcessEnv;
  dataDir: string;
  command: readonly string[];
  logger: Logger;
  runner: CommandRunner;
  now: () => number;
  wakeToRun: boolean;
}

/**
 * Windows: a Task Scheduler task `\PWA Host\pwa-host-wake-<hash>`, registered from an XML file kept in the
 * data dir (`os/<name>.xml`). The file doubles as the record that a task exists, so disarming on every host
 * start costs no schtasks call when nothing is armed.
 */
export class TaskSchedulerWakeScheduler implements WakeScheduler {
  readonly taskName: string;
  readonly xmlPath: string;
  private readonly options: TaskSchedulerWakeSchedulerOptions;
  private state = 'not armed';

  constructor(options: TaskSchedulerWakeSchedulerOptions) {
    this.options = options;
    const name = wakeName(options.dataDir);
    this.taskName = `PWA Host\\${name}`;
    this.xmlPath = join(options.dataDir, 'os', `${name}.xml`);
    if (existsSync(this.xmlPath)) this.state = ARMED_EARLIER;
  }

  describe(): string {
    return `Task Scheduler task \\${this.taskName}: ${this.state}`;
  }

  async arm(at: Date, options: WakeOptions = {}): Promise<void> {
    const { logger } = this.options;
    const whenNetworkConnects = options.whenNetworkConnects === true;
    let when: Date;
    try {
      // Loaded when arming, not imported: the XML builder is a library every other platform's host and
      // `pwa-host status` would load for nothing.
      const { encodeTaskXml, taskSchedulerXml } = await import('./task-xml.ts');
      when = wakeTime(at, this.options.now());
      const xml = taskSchedulerXml({
        command: this.options.command,
        at: when,
        dataDir: this.options.dataDir,
        wakeToRun: this.options.wakeToRun,
        whenNetworkConnects,
      });
      await mkdir(join(this.options.dataDir, 'os'), { recursive: true });
      await writeFile(this.xmlPath, encodeTaskXml(xml));
    } catch (error) {
      this.state = `not armed: could not write the task (${String(error)})`;
      logger.error({ file: this.xmlPath, error: String(error) }, 'could not write the wake-up task');
      return;
    }
    // /F replaces an existing task of the same name: re-arming moves the trigger.
    const failure = await this.schtasks(['/Create', '/TN', this.taskName, '/XML', this.xmlPath, '/F']);
    if (failure) {
      this.state = `not armed: ${failure}`;
      logger.warn({ task: this.taskName, reason: failure }, 'could not register the wake-up task');
      return;
    }
    this.state = `armed for ${when.toISOString()}${whenNetworkConnects ? ' and whenever a network connects' : ''}`;
    logger.info({ task: this.taskName, at: when.toISOString(), whenNetworkConnects }, 'wake-up task armed');
  }

  async disarm(): Promise<void> {
    if (!existsSync(this.xmlPath)) {
      this.state = 'not armed';
      return;
    }
    // Fails harmlessly when the user already deleted the task; the message is localized, so not parsed.
    const failure = await this.schtasks(['/Delete', '/TN', this.taskName, '/F']);
    if (failure) this.options.logger.debug({ reason: failure }, 'schtasks /Delete failed');
    await rm(this.xmlPath, { force: true });
    this.state = 'not armed';
    this.options.logger.info({ task: this.taskName }, 'wake-up task removed');
  }

  /** undefined on success, else why it failed. */
  private async schtasks(args: string[]): Promise<string | undefined> {
    const result = await this.options.runner('schtasks', args, this.options.env);
    return result.exitCode === 0 ? undefined : describeFailure('schtasks', args, result);
  }
}
