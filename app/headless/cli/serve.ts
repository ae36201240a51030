import { type ControlServer, startControlServer } from '../../control/control-server.ts';
import { controlSocketPath } from '../../control/control-socket.ts';
import type { HostOperations } from '../../host/host-api.ts';
import type { Logger } from '../../logging/logger.ts';
import { ensurePrivateDir } from '../../store/private-dir.ts';
import type { ServeHost, ServeHostOptions } from '../headless-host.ts';
import type { GlobalOptions, ServeCommand } from './command.ts';

/** How long events in flight may finish when the host is asked to stop (the process allows itself 5 s). */
export const STOP_GRACE_MS = 4000;

export interface ServeDependencies {
  startServeHost(options: ServeHostOptions): Promise<Pick<ServeHost, 'operations' | 'close'>>;
  logger: Logger;
  /** Settles when the host should stop: SIGINT or SIGTERM for the real command. */
  stopRequested: Promise<unknown>;
  /** Told once the host answers on its control socket. */
  onServing?: () => void;
  /**
   * Tells a person at the terminal what the host does, from when it serves until it stops (the returned
   * function ends it): `pwa-host serve` on a terminal.
   */
  narrate?: (operations: HostOperations) => () => void;
}

/**
 * Runs the host in the foreground and answers other `pwa-host` commands on the control socket until asked
 * to stop. The host (and with it the data dir's lock) comes first: a second `serve` on the same data dir
 * fails on the lock and never touches the first one's live socket.
 */
export async function serve(
  command: ServeCommand,
  options: GlobalOptions,
  dependencies: ServeDependencies,
): Promise<void> {
  const { logger } = dependencies;
  ensurePrivateDir(options.dataDir);
  const floor = command.minIntervalFloorMs;
  const started = await dependencies.startServeHost({
    dataDir: options.dataDir,
    ...(command.chromiumPath === undefined ? {} : { chromiumPath: command.chromiumPath }),
    ...(floor === undefined ? {} : { settings: { minIntervalFloorMs: floor } }),
    developerMode: floor === 0,
    logger,
  });
  let control: ControlServer;
  try {
    control = await startControlServer({
      socketPath: controlSocketPath(options.dataDir),
      operations: started.operations,
      logger,
    });
  } catch (error) {
    await started.close(0);
    throw error;
  }
  logger.info(
    { dataDir: options.dataDir, socket: control.socketPath, developerMode: floor === 0 },
    'PWA Host is serving',
  );
  dependencies.onServing?.();
  const stopNarrating = dependencies.narrate?.(started.operations);
  await dependencies.stopRequested;
  stopNarrating?.();
  logger.info({ graceMs: STOP_GRACE_MS }, 'stopping');
  await control.close();
  await started.close(STOP_GRACE_MS);
  logger.info({}, 'stopped');
}
