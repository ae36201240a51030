import { systemClock } from '../clock/system-clock.ts';
import type { ConnectivitySource } from '../connectivity/connectivity.ts';
import type { BrowserPages } from '../engine/browser-pages.ts';
import type { Engine } from '../engine/engine-port.ts';
import { reprimeMissingWorkers } from '../install/reprime-workers.ts';
import { undoInterruptedInstalls } from '../install/undo-interrupted-installs.ts';
import { type Logger, silentLogger } from '../logging/logger.ts';
import type { NotificationDisplay } from '../os/notifications/notification-display.ts';
import type { ResumeSource } from '../power/resume-source.ts';
import type { AppRecord } from '../store/records.ts';
import type { SyncSettings } from '../sync/settings.ts';
import { createHost, type Host } from './create-host.ts';
import { createHostOperations, type LocalOperations } from './create-host-operations.ts';
import type { HostOperations } from './host-api.ts';
import { readPreferences } from './host-config.ts';
import type { RunSummary } from './host-operations.ts';
import type { OsIntegration } from './os-integration.ts';
import { runSummary } from './store-queries.ts';

/**
 * What a shell brings to a host: its browser, its OS integration (which writes the shell's own command
 * into launchers, autostart and wake-ups), and its sources of connectivity and resume. The headless shell
 * brings Chromium and the OS's own reports; the Electron shell brings its engine and Electron's.
 */
export interface ShellParts {
  /** The browser: the engine port, plus the pages that install and `open` load. */
  engine: Engine & BrowserPages;
  os: OsIntegration;
  /** The host closes it. */
  connectivity: ConnectivitySource;
  /** Made only for a host that serves (a one-command host never re-plans on resume). */
  createResumeSource(): ResumeSource;
  /** Where notifications and badges go (the host disposes it); none: they are only recorded. */
  notifications?: NotificationDisplay;
  /** Opens or focuses an app's window when one of its notifications is clicked (a shell with windows). */
  openApp?: (app: AppRecord) => void;
}

export interface HostRunOptions {
  dataDir: string;
  settings?: Partial<SyncSettings>;
  developerMode?: boolean;
  logger?: Logger;
}

export interface ServeHost {
  host: Host;
  operations: HostOperations;
  /** Stops firing, giving events in flight up to `graceMs`, then stops the browser and releases the lock. */
  close(graceMs?: number): Promise<void>;
}

export interface LocalHost {
  operations: HostOperations;
  close(): Promise<void>;
}

interface Composed extends ServeHost {
  operations: LocalOperations;
  os: OsIntegration;
}

/**
 * A host for the data dir on the shell's parts, composed the one way every shell composes it. `schedule`
 * false makes a host that serves one command and fires nothing on its own.
 */
async function composeHost(parts: ShellParts, options: HostRunOptions, schedule: boolean): Promise<Composed> {
  const logger = options.logger ?? silentLogger;
  const { engine, os } = parts;
  const host = await createHost({
    dataDir: options.dataDir,
    engine,
    logger,
    connectivity: parts.connectivity,
    schedule,
    ...(parts.notifications ? { notifications: parts.notifications } : {}),
    ...(parts.openApp ? { openApp: parts.openApp } : {}),
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
  const operations = createHostOperations({
    host,
    pages: engine,
    os,
    clock: systemClock,
    logger,
    ...(parts.openApp ? { openApp: parts.openApp } : {}),
  });
  return {
    host,
    operations,
    os,
    async close(graceMs = 0) {
      await operations.close();
      await host.close(graceMs);
    },
  };
}

/** While offline, a wake-up for an overdue registration waits this long instead of firing every minute. */
const OFFLINE_WAKE_BACKOFF_MS = 15 * 60_000;

/**
 * Leaves the OS wake-up for the next due registration or one-off sync attempt, if the user wants one and
 * anything is due. A pending one-off sync also asks for a start when a network connects, where the OS can.
 */
async function leaveWakeUp(composed: Composed): Promise<void> {
  const { core } = composed.host;
  const next = core.nextDueAt();
  if (next === undefined || !readPreferences(composed.host.store).wakeWhenQuit) {
    await composed.os.disarmWakeUp();
    return;
  }
  const offline = !composed.host.connectivity.isOnline();
  await composed.os.armWakeUp(
    new Date(offline ? Math.max(next, Date.now() + OFFLINE_WAKE_BACKOFF_MS) : next),
    { whenNetworkConnects: core.hasPendingOneOffSyncs() },
  );
}

/**
 * The long-running host (`pwa-host serve`, the Electron app): it removes the OS wake-up while it runs (it
 * fires things itself), re-plans on resume from sleep, and leaves a wake-up for the next due time when it
 * stops.
 */
export async function startServeHost(parts: ShellParts, options: HostRunOptions): Promise<ServeHost> {
  const composed = await composeHost(parts, options, true);
  await composed.os.disarmWakeUp();
  const resume = parts.createResumeSource();
  resume.onResume(() => composed.host.core.notifyResumed());
  return {
    host: composed.host,
    operations: composed.operations,
    async close(graceMs = 0) {
      resume.close();
      await composed.operations.close();
      await composed.host.core.stop(graceMs);
      await leaveWakeUp(composed);
      await composed.host.close(graceMs);
    },
  };
}

/** What an OS wake-up runs: fires what is due, leaves the next wake-up, and stops. */
export async function runDueAndStop(parts: ShellParts, options: HostRunOptions): Promise<RunSummary[]> {
  const composed = await composeHost(parts, options, false);
  try {
    const runs = await composed.host.core.runDue();
    return runs.map((run) => runSummary(composed.host.store, run));
  } finally {
    await leaveWakeUp(composed);
    await composed.close();
  }
}

/** A temporary host for one command run while no host serves the data dir. */
export async function startLocalHost(parts: ShellParts, options: HostRunOptions): Promise<LocalHost> {
  const composed = await composeHost(parts, options, false);
  return { operations: composed.operations, close: () => composed.close() };
}
