import { type ControlServer, startControlServer } from '../control/control-server.ts';
import { controlSocketPath } from '../control/control-socket.ts';
import { desktopIntegration } from '../host/desktop-integration.ts';
import type { HostOperations } from '../host/host-api.ts';
import type { OsIntegration } from '../host/os-integration.ts';
import { type ShellParts, startServeHost } from '../host/serving-host.ts';
import type { Logger } from '../logging/logger.ts';
import { desktopLaunchArgs } from './desktop-host-command.ts';
import { type LoginItems, withLoginItems } from './login-items.ts';

/** Events in flight get this long to finish when the app quits (as `pwa-host serve` gives them). */
export const DESKTOP_STOP_GRACE_MS = 4000;

export interface DesktopOsOptions {
  dataDir: string;
  /** From `desktopHostCommand`: the packaged app, never bin/pwa-host. */
  hostCommand: readonly string[];
  loginItems: LoginItems;
  logger: Logger;
  platform: NodeJS.Platform;
  env?: NodeJS.ProcessEnv;
}

/**
 * The desktop app's OS integration: launchers run `<app> --app-id=ID`, the autostart entry `<app> --data-dir
 * DIR --background` (a login item on macOS and Windows), the OS wake-up `<app> --data-dir DIR --run-due` (on Linux
 * with Ozone's headless platform: `desktopLaunchArgs`).
 */
export function desktopOsIntegration(options: DesktopOsOptions): OsIntegration {
  const os = desktopIntegration({
    dataDir: options.dataDir,
    hostCommand: options.hostCommand,
    launchArgs: desktopLaunchArgs(options.platform),
    logger: options.logger,
    platform: options.platform,
    ...(options.env ? { env: options.env } : {}),
  });
  return withLoginItems(os, options.loginItems, options.platform);
}

export interface DesktopHost {
  operations: HostOperations;
  /** Stops answering the control socket, stops firing (events in flight get the grace), leaves the wake-up. */
  stop(): Promise<void>;
}

/**
 * The desktop app's long-running host: the same serving host as `pwa-host serve`, answering the same
 * control socket in the data dir, so `pwa-host syncs`, `run`, `pause` reach the app as they reach `serve`.
 * A host already serving the data dir (the app or `serve`) makes this fail on the data dir's lock.
 */
export async function startDesktopHost(
  parts: ShellParts,
  options: { dataDir: string; logger: Logger },
): Promise<DesktopHost> {
  const served = await startServeHost(parts, options);
  let control: ControlServer;
  try {
    control = await startControlServer({
      socketPath: controlSocketPath(options.dataDir),
      operations: served.operations,
      logger: options.logger,
    });
  } catch (error) {
    await served.close(0);
    throw error;
  }
  return {
    operations: served.operations,
    async stop() {
      await control.close();
      await served.close(DESKTOP_STOP_GRACE_MS);
    },
  };
}
