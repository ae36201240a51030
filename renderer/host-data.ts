import { useEffect, useState } from 'preact/hooks';
import type { HostApi } from '../app/host/host-api.ts';
import type { HostEventName } from '../app/host/host-events.ts';
import type { AppRecord, ConfigEntry, HostStatus, SyncSummary } from '../app/host/host-operations.ts';
import { errorMessage } from './error-message.ts';

/** What the page shows of the host as a whole, refreshed from host events (never by polling). */
export interface HostData {
  apps: AppRecord[];
  syncs: SyncSummary[];
  status: HostStatus | null;
  config: ConfigEntry[];
  /** Counts every run that started or finished: views that show runs read them again when it changes. */
  runsVersion: number;
  /** Why the last refresh failed (the host went away), if it did. */
  problem: string | null;
  loaded: boolean;
}

type Part = 'apps' | 'syncs' | 'status' | 'config' | 'runs';

/** Which parts each event changes. */
const EVENT_PARTS: Record<HostEventName, readonly Part[]> = {
  'run-started': ['syncs', 'status', 'runs'],
  'run-finished': ['syncs', 'status', 'runs'],
  'registrations-changed': ['syncs', 'status'],
  'app-installed': ['apps', 'syncs', 'status'],
  'app-updated': ['apps', 'syncs', 'status'],
  'app-removed': ['apps', 'syncs', 'status', 'runs'],
  'app-paused': ['apps', 'syncs', 'status'],
  'app-resumed': ['apps', 'syncs', 'status'],
  'settings-changed': ['config', 'syncs', 'status'],
  connectivity: ['status'],
  'browser-state': ['status'],
  'install-progress': [],
  // Notifications (issue 11): muting and badges change the apps; a notification joins its run's entry.
  'app-muted': ['apps'],
  'app-unmuted': ['apps'],
  'badge-changed': ['apps'],
  'notification-shown': ['runs'],
  'failure-alert': [],
};

const EMPTY: HostData = {
  apps: [],
  syncs: [],
  status: null,
  config: [],
  runsVersion: 0,
  problem: null,
  loaded: false,
};

/** Loads everything once, then re-reads only what each host event changed. */
export function useHostData(api: HostApi): HostData {
  const [data, setData] = useState<HostData>(EMPTY);

  useEffect(() => {
    let stopped = false;
    let queued = new Set<Part>();
    let flushing = false;

    const read = async (parts: ReadonlySet<Part>) => {
      const [apps, syncs, status, config] = [
        parts.has('apps') ? api.list() : undefined,
        parts.has('syncs') ? api.syncs() : undefined,
        parts.has('status') ? api.status() : undefined,
        parts.has('config') ? api.config() : undefined,
      ];
      try {
        const update = {
          ...(apps ? { apps: await apps } : {}),
          ...(syncs ? { syncs: await syncs } : {}),
          ...(status ? { status: await status } : {}),
          ...(config ? { config: await config } : {}),
        };
        if (stopped) return;
        setData((previous) => ({
          ...previous,
          ...update,
          runsVersion: previous.runsVersion + (parts.has('runs') ? 1 : 0),
          problem: null,
          loaded: true,
        }));
      } catch (error) {
        if (!stopped) setData((previous) => ({ ...previous, problem: errorMessage(error), loaded: true }));
      }
    };
    // Events arrive in bursts (a run starts, finishes, changes its registration): one read per burst.
    const refresh = (parts: readonly Part[]) => {
      for (const part of parts) queued.add(part);
      if (flushing || queued.size === 0) return;
      flushing = true;
      queueMicrotask(async () => {
        while (queued.size > 0 && !stopped) {
          const now = queued;
          queued = new Set();
          await read(now);
        }
        flushing = false;
      });
    };

    const events = Object.keys(EVENT_PARTS) as HostEventName[];
    const subscribed = api.subscribe(events, (message) => refresh(EVENT_PARTS[message.event]));
    // Subscribed first, then read: nothing that happens in between is missed.
    subscribed.then(
      () => refresh(['apps', 'syncs', 'status', 'config']),
      (error: unknown) =>
        setData((previous) => ({ ...previous, problem: errorMessage(error), loaded: true })),
    );
    return () => {
      stopped = true;
      void subscribed.then((stop) => stop()).catch(() => {});
    };
  }, [api]);

  return data;
}

/** The current time, moved on every `everyMs` so relative times ("in 5 min") stay true. Local only. */
export function useNow(everyMs = 15_000): number {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(timer);
  }, [everyMs]);
  return now;
}
