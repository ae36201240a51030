import type { Clock } from '../clock/clock.ts';
import { systemClock } from '../clock/system-clock.ts';
import type { ConnectivitySource } from '../connectivity/connectivity.ts';
import { NetworkInterfacesConnectivity } from '../connectivity/network-interfaces-connectivity.ts';
import type { Engine } from '../engine/engine-port.ts';
import { type Logger, silentLogger } from '../logging/logger.ts';
import { defaultDataDir } from '../os/data-dir.ts';
import { bestSavedIcon, LAUNCHER_ICON_FORMATS } from '../os/launchers/launcher-icon.ts';
import type { NotificationDisplay } from '../os/notifications/notification-display.ts';
import { HostLock } from '../store/host-lock.ts';
import type { AppRecord } from '../store/records.ts';
import { Store } from '../store/store.ts';
import { engineHostFor } from '../sync/engine-host-adapter.ts';
import { PeriodicSyncCore } from '../sync/periodic-sync-core.ts';
import type { SyncSettings } from '../sync/settings.ts';
import { resolveSettings } from './host-settings.ts';
import { refuseIfDatabaseLost } from './lost-database.ts';
import { NotificationCenter } from './notification-center.ts';
import type { SettingAdjustment } from './stored-settings.ts';

export interface HostOptions {
  /** Defaults to `PWA_HOST_DATA_DIR` or the platform's per-user data folder. */
  dataDir?: string;
  /** The browser adapter. Required until a default engine is configured for this shell. */
  engine: Engine;
  clock?: Clock;
  connectivity?: ConnectivitySource;
  /** Overrides for this run, over the stored settings and the defaults. */
  settings?: Partial<SyncSettings>;
  /** Allows an interval floor of 0 (tests, app development). */
  developerMode?: boolean;
  logger?: Logger;
  /** Runs after the engine started and before anything fires (e.g. re-priming missing workers). */
  prepare?: (host: Host) => Promise<void>;
  /** False for a short-lived host that only serves one command: it fires nothing on its own. */
  schedule?: boolean;
  /** Where notifications and badges are shown (the host disposes it); none: they are only recorded. */
  notifications?: NotificationDisplay;
  /** Opens or focuses an app's window, for a shell that has windows (a notification was clicked). */
  openApp?: (app: AppRecord) => void;
}

export interface Host {
  readonly dataDir: string;
  readonly store: Store;
  readonly core: PeriodicSyncCore;
  readonly engine: Engine;
  readonly connectivity: ConnectivitySource;
  readonly notifications: NotificationCenter;
  readonly developerMode: boolean;
  /** Applies settings changed in the store (`config set`), keeping this run's overrides on top. */
  reloadSettings(): void;
  /** Stored settings this run could not use as stored, and what it uses instead (see readStoredSettings). */
  settingsAdjusted(): SettingAdjustment[];
  /** Stops firing (giving running events `graceMs`), stops the engine and releases the data dir. */
  close(graceMs?: number): Promise<void>;
}

/**
 * The one way to build a host, for every shell and test: takes the data dir's lock, opens and checks the
 * store, recovers from a previous crash, starts the engine and the schedule.
 */
export async function createHost(options: HostOptions): Promise<Host> {
  const dataDir = options.dataDir ?? defaultDataDir();
  const logger = options.logger ?? silentLogger;
  const clock = options.clock ?? systemClock;
  const connectivity = options.connectivity ?? new NetworkInterfacesConnectivity();
  const lock = HostLock.acquire(dataDir);
  let store: Store | undefined;
  try {
    refuseIfDatabaseLost(dataDir);
    store = Store.open(dataDir);
    const resolved = resolveSettings(store, options.settings ?? {}, options.developerMode === true);
    let settingsAdjusted = resolved.adjusted;
    for (const adjustment of settingsAdjusted) logger.warn({ setting: adjustment.key }, adjustment.message);
    const settings = resolved.settings;
    const core = new PeriodicSyncCore({
      store,
      clock,
      engine: options.engine,
      connectivity,
      settings,
      logger,
    });
    core.recoverInterruptedRuns();
    core.pullInFarFutureDueTimes();
    const notifications = new NotificationCenter({
      store,
      core,
      engine: options.engine,
      display: options.notifications,
      clock,
      logger,
      openApp: options.openApp,
      iconOf: (app) =>
        bestSavedIcon(app.icons, dataDir, options.notifications?.iconFormats ?? LAUNCHER_ICON_FORMATS),
    });
    await options.engine.start(engineHostFor(store, core, notifications));
    const openStore = store;
    let closed = false;
    const developerMode = options.developerMode === true;
    const host: Host = {
      dataDir,
      store: openStore,
      core,
      engine: options.engine,
      connectivity,
      notifications,
      developerMode,
      reloadSettings() {
        const reloaded = resolveSettings(openStore, options.settings ?? {}, developerMode);
        settingsAdjusted = reloaded.adjusted;
        core.updateSettings(reloaded.settings);
      },
      settingsAdjusted: () => settingsAdjusted,
      async close(graceMs = 0) {
        if (closed) return;
        closed = true;
        await core.stop(graceMs);
        await notifications.settle();
        await options.engine.stop();
        notifications.dispose();
        options.notifications?.dispose();
        connectivity.close?.();
        openStore.close();
        lock.release();
      },
    };
    try {
      await options.prepare?.(host);
    } catch (error) {
      await host.close();
      throw error;
    }
    if (options.schedule !== false) core.start();
    return host;
  } catch (error) {
    await options.engine.stop().catch(() => {});
    options.notifications?.dispose();
    store?.close();
    lock.release();
    throw error;
  }
}
