import type { Logger } from '../../logging/logger.ts';
import type { CommandRunner } from '../command-runner.ts';

/**
 * An OS-level wake-up that starts `pwa-host serve --run-due` at the next due time while no host runs.
 * One per data dir. arm() and disarm() never reject: a host calls them while stopping and starting, where
 * a failure must not stop anything else; they log what went wrong, and describe() says where things stand.
 */
export interface WakeScheduler {
  /**
   * Sets (or moves) the wake-up to `at`; a time in the past or under a minute away is moved to a minute from
   * now. `options.whenNetworkConnects`: also start the command each time a network connects, where the OS
   * can start a task on that (Task Scheduler's NetworkProfile event; systemd user units and launchd agents
   * have no such trigger, and ignore it).
   */
  arm(at: Date, options?: WakeOptions): Promise<void>;
  /** Removes the wake-up, if there is one. Cheap when there is none: no process is started. */
  disarm(): Promise<void>;
  /** One line for status output: the mechanism, where its files are, and its last outcome. */
  describe(): string;
}

export interface WakeSchedulerOptions {
  platform: NodeJS.Platform;
  /** HOME, XDG_CONFIG_HOME and XDG_RUNTIME_DIR decide where files go and which systemd instance answers. */
  env: NodeJS.ProcessEnv;
  dataDir: string;
  /** The argv the wake-up runs, e.g. ['/usr/bin/pwa-host', '--data-dir', dataDir, 'serve', '--run-due']. */
  command: readonly string[];
  logger: Logger;
  /**
   * Also resume a sleeping machine for the wake-up (systemd WakeSystem=, Task Scheduler WakeToRun; launchd
   * agents cannot). Off by default: a laptop in a bag should not wake to refresh news, and neither Chromium
   * nor Android wakes a device for periodic sync. A missed time still fires on resume either way.
   */
  wakeFromSleep?: boolean;
  /** Runs systemctl, schtasks or launchctl; tests pass a recording one. */
  runner?: CommandRunner;
  /** Milliseconds since the epoch; defaults to Date.now. */
  now?: () => number;
  /** macOS: the IANA time zone launchd reads calendar intervals in; defaults to the system's. */
  timeZone?: string;
  /** macOS: the user id of the GUI launchd domain; defaults to process.getuid(). */
  uid?: number;
}

export interface WakeOptions {
  /** Something waits for the network (a one-off sync): start when a network connects too. */
  whenNetworkConnects?: boolean;
}

/** What describe() says in a process that did not arm the wake-up itself but finds its files in place. */
export const ARMED_EARLIER = 'armed by an earlier host run (its file is in place)';
