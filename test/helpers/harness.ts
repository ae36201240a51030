import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestContext } from 'node:test';
import { ManualConnectivity } from '../../app/connectivity/connectivity.ts';
import { createHost, type Host } from '../../app/host/create-host.ts';
import type { NotificationDisplay } from '../../app/os/notifications/notification-display.ts';
import type { AppRecord } from '../../app/store/records.ts';
import type { SyncSettings } from '../../app/sync/settings.ts';
import { fixtureApp } from './fixture-app.ts';
import { ManualClock } from './manual-clock.ts';
import { TestEngine } from './test-engine.ts';

export { fixtureApp } from './fixture-app.ts';

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;

/**
 * A data dir removed after the test, once `closeFirst` (what writes there: a host and its browser) is done.
 * node:test runs `after` hooks in the order they were added, so a host that a later hook closes may still
 * write while the folder is emptied (ENOTEMPTY, which rmSync then retries).
 */
export function tempDataDir(t: TestContext, closeFirst: () => unknown = () => {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'pwa-host-test-'));
  t.after(async () => {
    await closeFirst();
    rmSync(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 });
  });
  return dir;
}

export interface Harness {
  dataDir: string;
  host: Host;
  clock: ManualClock;
  engine: TestEngine;
  connectivity: ManualConnectivity;
  app: AppRecord;
  scope: string;
  /** Opens a host again on the same data dir (after `host.close()`), keeping clock, engine and connectivity. */
  reopen(settings?: Partial<SyncSettings>): Promise<Host>;
}

export interface HarnessOptions {
  settings?: Partial<SyncSettings>;
  online?: boolean;
  dataDir?: string;
  clock?: ManualClock;
  /** Where the host shows notifications (it disposes it on close); none: they are only recorded. */
  notifications?: NotificationDisplay;
}

/** A host on a real SQLite file in a temp dir, a manual clock, the test engine and one installed app. */
export async function makeHarness(t: TestContext, options: HarnessOptions = {}): Promise<Harness> {
  const dataDir = options.dataDir ?? tempDataDir(t);
  const clock = options.clock ?? new ManualClock();
  const connectivity = new ManualConnectivity(options.online ?? true);
  const origin = 'https://news.example';
  const scope = `${origin}/`;
  const engine = new TestEngine([scope]);
  const open = (settings?: Partial<SyncSettings>) =>
    createHost({
      dataDir,
      engine,
      clock,
      connectivity,
      settings: settings ?? options.settings ?? {},
      developerMode: true,
      ...(options.notifications ? { notifications: options.notifications } : {}),
    });
  const host = await open();
  const app = host.store.apps.upsert(fixtureApp(origin), clock.now());
  const harness: Harness = {
    dataDir,
    host,
    clock,
    engine,
    connectivity,
    app,
    scope,
    async reopen(settings) {
      harness.host = await open(settings);
      return harness.host;
    },
  };
  t.after(() => harness.host.close());
  return harness;
}
