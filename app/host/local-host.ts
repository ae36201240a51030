import { systemClock } from '../clock/system-clock.ts';
import type { ConnectivitySource } from '../connectivity/connectivity.ts';
import { createOsConnectivity } from '../connectivity/os-connectivity.ts';
import { ChromiumEngine } from '../engine-chromium/chromium-engine.ts';
import { reprimeMissingWorkers } from '../install/reprime-workers.ts';
import { undoInterruptedInstalls } from '../install/undo-interrupted-installs.ts';
import { type Logger, silentLogger } from '../logging/logger.ts';
import { createOsResumeSource } from '../power/os-resume-source.ts';
import type { RunRecord } from '../store/records.ts';
import type { SyncSettings } from '../sync/settings.ts';
import { createHost, type Host } from './create-host.ts';
import { createHostOperations } from './create-host-operations.ts';
import { desktopIntegration } from './desktop-integration.ts';
import { readPreferences } from './host-config.ts';
import type { HostOperations } from './host-operations.ts';
import type { OsIntegration } from './os-integration.ts';

export interface ServeHostOptions {
  dataDir: string;
  chromiumPath?: string;
  settings?: Partial<SyncSettings>;
  developerMode?: boolean;
  logger?: Logger;
  /** Defaults to the OS's own report (see createOsConnectivity); the host closes it. */
  connectivity?: ConnectivitySource;
  /** HOME and the XDG variables decide where launchers, autostart and wake-up files go (tests: temp dirs). */
  env?: NodeJS.ProcessEnv;
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
  env?: NodeJS.ProcessEnv;
}

export interface LocalHost {
  operations: HostOperations;
  close(): Promise<void>;
}

interface Composed extends ServeHost {
  operations: HostOperations & { closeAllPages(): Promise<void> };
  os: OsIntegration;
}

/**
 * A host on headless Chromium for the data dir, composed the one way every shell composes it. `schedule`
 * false makes a host that serves one command and fires nothing on its own.
 */
async function startChromiumHost(options: ServeHostOptions, schedule: boolean): Promise<Composed> {
  const logger = options.logger ?? silentLogger;
  const engine = new ChromiumEngine({
    profileDir: ChromiumEngine.profileDirIn(options.dataDir),
    executable: options.chromiumPath,
    logger,
  });
  const os = desktopIntegration({
    dataDir: options.dataDir,
    logger,
    ...(options.env ? { env: options.env } : {}),
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
      await undoInterruptedInstalls({
        store: prepared.store,
        pages: engine,
        dataDir: prepared.dataDir,
        logger,
        removeLauncher: (app) => os.appUninstalled(app),
      });
      await reprimeMissingWorkers(prepared.store, engine, logger);
    },
  });
  const operations = createHostOperations({ host, pages: engine, os, clock: systemClock, logger });
  return {
    host,
    operations,
    os,
    async close(graceMs = 0) {
      await operations.closeAllPages();
      await host.close(graceMs);
    },
  };
}

/** While offline, a wake-up for an overdue registration waits this long instead of firing every minute. */
const OFFLINE_WAKE_BACKOFF_MS = 15 * 60_000;

/** Leaves the OS wake-up for the next due registration, if the user wants one and anything is due. */
async function leaveWakeUp(composed: Composed): Promise<void> {
  const next = composed.host.core.nextDueAt();
  if (next === undefined || !readPreferences(composed.host.store).wakeWhenQuit) {
    await composed.os.disarmWakeUp();
    return;
  }
  const offline = !composed.host.connectivity.isOnline();
  await composed.os.armWakeUp(
    new Date(offline ? Math.max(next, Date.now() + OFFLINE_WAKE_BACKOFF_MS) : next),
  );
}

/**
 * The long-running host behind `pwa-host serve`: it removes the OS wake-up while it runs (it fires things
 * itself), re-plans on resume from sleep, and leaves a wake-up for the next due time when it stops.
 */
export async function startServeHost(options: ServeHostOptions): Promise<ServeHost> {
  const composed = await startChromiumHost(options, true);
  const logger = options.logger ?? silentLogger;
  await composed.os.disarmWakeUp();
  const resume = createOsResumeSource(logger);
  resume.onResume(() => composed.host.core.notifyResumed());
  return {
    host: composed.host,
    operations: composed.operations,
    async close(graceMs = 0) {
      resume.close();
      await composed.operations.closeAllPages();
      await composed.host.core.stop(graceMs);
      await leaveWakeUp(composed);
      await composed.host.close(graceMs);
    },
  };
}

/** `pwa-host serve --run-due`: fires what is due headless, leaves the next wake-up, and stops. */
export async function runDueAndStop(options: ServeHostOptions): Promise<RunRecord[]> {
  const composed = await startChromiumHost(options, false);
  try {
    return await composed.host.core.runDue();
  } finally {
    await leaveWakeUp(composed);
    await composed.close();
  }
}

/** A temporary host for one command run while no host serves the data dir. */
export async function startLocalHost(options: LocalHostOptions): Promise<LocalHost> {
  const composed = await startChromiumHost(
    {
      dataDir: options.dataDir,
      ...(options.chromiumPath ? { chromiumPath: options.chromiumPath } : {}),
      ...(options.logger ? { logger: options.logger } : {}),
      ...(options.env ? { env: options.env } : {}),
    },
    false,
  );
  return { operations: composed.operations, close: () => composed.close() };
}
