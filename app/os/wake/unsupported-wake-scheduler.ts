import type { Logger } from '../../logging/logger.ts';
import type { WakeScheduler } from './wake-scheduler.ts';

/** Platforms with no wake-up mechanism here: arming logs once and does nothing. */
export class UnsupportedWakeScheduler implements WakeScheduler {
  private readonly platform: NodeJS.Platform;
  private readonly logger: Logger;
  private warned = false;

  constructor(platform: NodeJS.Platform, logger: Logger) {
    this.platform = platform;
    this.logger = logger;
  }

  async status(): Promise<string> {
    return `no wake-up when quit on ${this.platform}: periodic syncs fire only while a host runs`;
  }

  async arm(_at: Date): Promise<void> {
    if (this.warned) return;
    this.warned = true;
    this.logger.warn({ platform: this.platform }, 'wake-when-quit is not available on this platform');
  }

  async disarm(): Promise<void> {}
}
