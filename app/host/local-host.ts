import { systemClock } from '../clock/system-clock.ts';
import type { ConnectivitySource } from '../connectivity/connectivity.ts';
import { createOsConnectivity } from '../connectivity/os-connectivity.ts';
import { ChromiumEngine } from '../engine-chromium/chromium-engine.ts';
import { reprimeMissingWorkers } from '../install/reprime-workers.ts';
import { type Logger, silentLogger } from '../logging/logger.ts';
import type { SyncSettings } from '../sync/settings.ts';
import { createHost, type Host } from './create-host.ts';
import { createHostOperations } from './create-host-operations.ts';
import type { HostOperations } from './host-operations.ts';

export interface ServeHostOptions {
  dataDir: string;
  chromiumPath?: string;
  settings?: Partial<SyncSettings>;
  developerMode?: boolean;
  logger?: Logger;
  /** Defaults to the OS's own report (see createOsConnectivity); the host closes it. */
  connectivity?: ConnectivitySource;
}

export interface ServeHost {
  host: Host;
  operations: HostOperations;
  /** Stops firing, giving events in flight up to `graceMs`, then stops the browser and releases the lock. */
  close(graceMs?: number): Promise<void>;
}

export interface LocalHostOptions {
  dataDir: string;
  chromiumPath?: string;
  logger?: Logger;
}

export interface LocalHost {
  operations: HostOperations;
  close(): Promise<void>;
}

/**
 * A host on headless Chromium for the data dir, composed the one way every shell composes it. `schedule`
 * false makes a host that serves one command and fires nothing on its own.
 */
async function startChromiumHost(options: ServeHostOptions, schedule: boolean): Promise<ServeHost> {
  const logger = options.logger ?? silentLogger;
  const engine = new ChromiumEngine({
    profileDir: ChromiumEngine.profileDirIn(options.dataDir),
    executable: options.chromiumPath,
    logger,
  });
  const host = await createHost({
    dataDir: options.dataDir,
    engine,
    logger,
    connectivity: options.connectivity ?? createOsConnectivity(logger),
    schedule,
    ...(options.settings ? { settings: options.settings } : {}),
    ...(options.developerMode === undefined ? {} : { developerMode: options.developerMode }),
    prepare: async (prepared) => {
      await reprimeMissingWorkers(prepared.store, engine, logger);
    },
  });
  const operations = createHostOperations({
    store: host.store,
    core: host.core,
    pages: engine,
    dataDir: options.dataDir,
    clock: systemClock,
    logger,
  });
  return {
    host,
    operations,
    async close(graceMs = 0) {
      await operations.closeAllPages();
      await host.close(graceMs);
    },
  };
}

/** The long-running host behind `pwa-host serve`. */
export function startServeHost(options: ServeHostOptions): Promise<ServeHost> {
  return startChromiumHost(options, true);
}

/** A temporary host for one command run while no host serves the data dir. */
export async function startLocalHost(options: LocalHostOptions): Promise<LocalHost> {
  const serving = await startChromiumHost(
    {
      dataDir: options.dataDir,
      ...(options.chromiumPath ? { chromiumPath: options.chromiumPath } : {}),
      ...(options.logger ? { logger: options.logger } : {}),
    },
    false,
  );
  return { operations: serving.operations, close: () => serving.close() };
}
