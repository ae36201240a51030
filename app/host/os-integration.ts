import type { WakeOptions } from '../os/wake/wake-scheduler.ts';
import type { AppRecord } from '../store/records.ts';

/**
 * What the host leaves in the operating system: a launcher per app, a login item, and a wake-up that
 * runs due tasks while no host is running. Shells provide it; the host core only calls it.
 */
export interface OsIntegration {
  appInstalled(app: AppRecord): Promise<void>;
  appUninstalled(app: AppRecord): Promise<void>;
  setAutostart(enabled: boolean): Promise<void>;
  /**
   * Leaves an OS wake-up that runs the shell's command with `serve --run-due` at `at`, replacing any earlier
   * one; `options.whenNetworkConnects` also when a network connects, where the OS offers that (Windows).
   */
  armWakeUp(at: Date, options?: WakeOptions): Promise<void>;
  disarmWakeUp(): Promise<void>;
  /** The wake-up currently left in the OS, described for `status`; null when there is none. */
  wakeUp(): string | null;
}
