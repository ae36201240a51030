import type { TestContext } from 'node:test';
import { ManualConnectivity } from '../../app/connectivity/connectivity.ts';
import type { ChromiumEngine } from '../../app/engine-chromium/chromium-engine.ts';
import { startServeHost } from '../../app/headless/headless-host.ts';
import { createHost, type Host, type HostOptions } from '../../app/host/create-host.ts';
import { appIdFor } from '../../app/install/app-id.ts';
import type { AppRecord } from '../../app/store/records.ts';
import type { SyncSettings } from '../../app/sync/settings.ts';
import { chromiumEngine, type EngineTimings, tempProfile, testLogger } from './chromium.ts';
import { fixtureApp } from './fixture-app.ts';
import { tempDataDir } from './harness.ts';

export interface ChromiumHost {
  host: Host;
  engine: ChromiumEngine;
  connectivity: ManualConnectivity;
  dataDir: string;
  /** Records `origin` as an installed app without the install flow (tests of the shim and scheduler). */
  recordApp(origin: string, name: string): AppRecord;
  close(): Promise<void>;
}

/**
 * A host on a real data dir and a real headless Chromium, in developer mode (interval floor 0), online.
 * `extra`: a clock lets a benchmark watch the core's timers; a notification display, the host's and the
 * engine's logger.
 */
export async function startChromiumHost(
  settings: Partial<SyncSettings> = {},
  timings: EngineTimings = {},
  extra: Pick<HostOptions, 'clock' | 'notifications' | 'logger'> = {},
): Promise<ChromiumHost> {
  const data = tempProfile();
  const logger = extra.logger ?? testLogger;
  const engine = chromiumEngine(`${data.dir}/chromium-profile`, { ...timings, logger });
  const connectivity = new ManualConnectivity(true);
  const host = await createHost({
    dataDir: data.dir,
    engine,
    connectivity,
    developerMode: true,
    settings: { minIntervalFloorMs: 0, ...settings },
    ...extra,
    logger,
  });
  return {
    host,
    engine,
    connectivity,
    dataDir: data.dir,
    recordApp(origin, name) {
      return host.store.apps.upsert(fixtureApp(origin, name, appIdFor(`${origin}/`)), Date.now());
    },
    async close() {
      await host.close();
      data.remove();
    },
  };
}

/**
 * The headless shell's serving host (Chromium, OS integration, on-demand browser) on a throwaway data
 * dir, in developer mode and online, closed when the test ends.
 */
export async function startServedHost(t: TestContext, settings: Partial<SyncSettings> = {}) {
  let started: Awaited<ReturnType<typeof startServeHost>> | undefined;
  // Closed before its data dir goes: its browser writes the profile there until it has stopped.
  const dataDir = tempDataDir(t, () => started?.close());
  const served = await startServeHost({
    dataDir,
    developerMode: true,
    settings: { minIntervalFloorMs: 0, ...settings },
    connectivity: new ManualConnectivity(true),
    logger: testLogger,
  });
  started = served;
  return { dataDir, served };
}
