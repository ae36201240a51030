import { HostError } from '../base/errors.ts';
import type { Logger } from '../logging/logger.ts';
import { createWakeScheduler } from '../os/wake/create-wake-scheduler.ts';
import type { OsIntegration } from './os-integration.ts';

export interface DesktopIntegrationOptions {
  dataDir: string;
  /**
   * The shell's own command (argv before the arguments), as launchers, autostart and wake-ups run it: it
   * must take `--data-dir DIR`, `--app-id=ID`, `serve` and `serve --run-due` (a packaged app is not
   * `bin/pwa-host`).
   */
  hostCommand: readonly string[];
  /**
   * What follows `--data-dir DIR` in the autostart entry and the OS wake-up: the CLI's `serve` and
   * `serve --run-due` by default; the desktop app's `--background` and `--run-due`.
   */
  launchArgs?: LaunchArgs;
  logger: Logger;
  /** HOME and the XDG variables decide where files go; tests point them at temp dirs. */
  env?: NodeJS.ProcessEnv;
  platform?: NodeJS.Platform;
}

export interface LaunchArgs {
  background: readonly string[];
  runDue: readonly string[];
}

const CLI_LAUNCH_ARGS: LaunchArgs = { background: ['serve'], runDue: ['serve', '--run-due'] };

/**
 * Launchers (freedesktop, Linux), the autostart entry (XDG, Linux) and the wake-up that runs due tasks
 * while no host runs (systemd, Task Scheduler or launchd). The launcher and autostart code is imported
 * when first used: `pwa-host status` only asks about the wake-up.
 */
export function desktopIntegration(options: DesktopIntegrationOptions): OsIntegration {
  const env = options.env ?? process.env;
  const platform = options.platform ?? process.platform;
  const { dataDir, logger, hostCommand } = options;
  const launchArgs = options.launchArgs ?? CLI_LAUNCH_ARGS;
  const wake = createWakeScheduler({
    platform,
    env,
    dataDir,
    command: [...hostCommand, '--data-dir', dataDir, ...launchArgs.runDue],
    logger,
  });
  let wakeArmed: boolean | undefined;
  return {
    async appInstalled(app) {
      if (platform !== 'linux') return;
      const { writeLauncher } = await launchers();
      const path = writeLauncher(app, { hostCommand, dataDir, env });
      logger.info({ app: app.id, launcher: path }, 'launcher written');
    },
    async appUninstalled(app) {
      if (platform === 'linux') (await launchers()).removeLauncher(app.id, { dataDir, env });
    },
    async setAutostart(enabled) {
      const { AutostartUnsupportedError, disableAutostart, enableAutostart } = await import(
        '../os/autostart/autostart.ts'
      );
      try {
        if (enabled)
          enableAutostart({ hostCommand, startArgs: launchArgs.background, dataDir, env, platform });
        else disableAutostart({ dataDir, env, platform });
      } catch (error) {
        if (error instanceof AutostartUnsupportedError)
          throw new HostError('autostart-unsupported', error.message);
        throw error;
      }
    },
    async armWakeUp(at, options) {
      await wake.arm(at, options);
      wakeArmed = true;
    },
    async disarmWakeUp() {
      await wake.disarm();
      wakeArmed = false;
    },
    wakeUp() {
      return wakeArmed === false ? null : wake.describe();
    },
  };
}

function launchers() {
  return import('../os/launchers/launchers.ts');
}
