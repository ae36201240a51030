import { basename } from 'node:path';
import type { ConnectivitySource } from '../connectivity/connectivity.ts';
import { createOsConnectivity } from '../connectivity/os-connectivity.ts';
import { ChromiumEngine } from '../engine-chromium/chromium-engine.ts';
import { desktopIntegration } from '../host/desktop-integration.ts';
import type { RunSummary } from '../host/host-operations.ts';
import type { HostRunOptions, LocalHost, ServeHost, ShellParts } from '../host/serving-host.ts';
import * as serving from '../host/serving-host.ts';
import { silentLogger } from '../logging/logger.ts';
import { launcherPath } from '../os/launchers/launchers.ts';
import { FreedesktopDisplay } from '../os/notifications/freedesktop-display.ts';
import { createOsResumeSource } from '../power/os-resume-source.ts';
import { HEADLESS_HOST_COMMAND } from './host-command.ts';
import { collectWhenBrowserIdles } from './idle-memory.ts';

export type { LocalHost, ServeHost };

export interface ServeHostOptions extends HostRunOptions {
  chromiumPath?: string;
  /** Defaults to the OS's own report (see createOsConnectivity); the host closes it. */
  connectivity?: ConnectivitySource;
  /** HOME and the XDG variables decide where launchers, autostart and wake-up files go (tests: temp dirs). */
  env?: NodeJS.ProcessEnv;
}

export type LocalHostOptions = Pick<ServeHostOptions, 'dataDir' | 'chromiumPath' | 'logger' | 'env'>;

/** The headless shell's parts: Chromium over a pipe, the desktop's integration running `bin/pwa-host`. */
function headlessParts(options: ServeHostOptions): ShellParts {
  const logger = options.logger ?? silentLogger;
  return {
    engine: new ChromiumEngine({
      profileDir: ChromiumEngine.profileDirIn(options.dataDir),
      executable: options.chromiumPath,
      logger,
    }),
    os: desktopIntegration({
      dataDir: options.dataDir,
      hostCommand: HEADLESS_HOST_COMMAND,
      logger,
      ...(options.env ? { env: options.env } : {}),
    }),
    connectivity: options.connectivity ?? createOsConnectivity(logger),
    createResumeSource: () => createOsResumeSource(logger),
    // The freedesktop notification service is Linux's (and other free desktops'); elsewhere the headless
    // host only records notifications.
    ...(process.platform === 'linux'
      ? {
          notifications: new FreedesktopDisplay({
            logger,
            ...(options.env ? { env: options.env } : {}),
            desktopEntryOf: (appId) =>
              basename(
                launcherPath(appId, {
                  dataDir: options.dataDir,
                  ...(options.env ? { env: options.env } : {}),
                }),
              ),
          }),
        }
      : {}),
  };
}

/** `pwa-host serve`. */
export async function startServeHost(options: ServeHostOptions): Promise<ServeHost> {
  const parts = headlessParts(options);
  const host = await serving.startServeHost(parts, options);
  const stopCollecting = collectWhenBrowserIdles(parts.engine, options.logger ?? silentLogger);
  return {
    ...host,
    close(graceMs) {
      stopCollecting();
      return host.close(graceMs);
    },
  };
}

/** `pwa-host serve --run-due`, what the OS wake-up runs. */
export function runDueAndStop(options: ServeHostOptions): Promise<RunSummary[]> {
  return serving.runDueAndStop(headlessParts(options), options);
}

/** A temporary headless host for one command (`install`, `open`, `run`…) while no host serves. */
export function startLocalHost(options: LocalHostOptions): Promise<LocalHost> {
  return serving.startLocalHost(headlessParts(options), {
    dataDir: options.dataDir,
    ...(options.logger ? { logger: options.logger } : {}),
  });
}
