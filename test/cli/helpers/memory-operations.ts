import { HostError, PeriodicSyncError } from '../../../app/base/errors.ts';
import { TypedEmitter } from '../../../app/base/typed-emitter.ts';
import type { CallOptions, HostOperations } from '../../../app/host/host-api.ts';
import type { HostEvents } from '../../../app/host/host-events.ts';
import type {
  AppRecord,
  ConfigEntry,
  FailureAlert,
  HostStatus,
  NotificationSummary,
  OpenedPage,
  RunSummary,
  SyncSummary,
} from '../../../app/host/host-operations.ts';
import { fixtureAppRecord } from '../../helpers/fixture-app.ts';

/** HostOperations over plain arrays: a double at the operations port for control channel tests. */
export class MemoryOperations implements HostOperations {
  apps: AppRecord[] = [];
  syncList: SyncSummary[] = [];
  runList: RunSummary[] = [];
  openPages: OpenedPage[] = [];
  notificationList: NotificationSummary[] = [];
  alertList: FailureAlert[] = [];
  /** What the last call received, to check that arguments crossed the socket intact. */
  calls: { op: string; args: unknown[] }[] = [];
  /** Makes `run` wait until the test lets it finish. */
  runGate: Promise<void> = Promise.resolve();
  /** What a test emits here reaches clients that subscribed over the socket. */
  readonly events = new TypedEmitter<HostEvents>((error) => {
    throw error;
  });

  async install({ url }: { url: string }, options?: CallOptions) {
    this.calls.push({ op: 'install', args: [url] });
    options?.onProgress?.({ step: 'loading', detail: url });
    options?.onProgress?.({ step: 'done' });
    const app = fixtureAppRecord(new URL(url).origin, 'Installed');
    this.apps.push(app);
    return { ...app, updated: false };
  }

  async uninstall({ app }: { app: string }) {
    this.calls.push({ op: 'uninstall', args: [app] });
    const found = this.apps.find((record) => record.id === app);
    if (!found) throw new HostError('app-not-found', `No installed app "${app}".`);
    this.apps = this.apps.filter((record) => record !== found);
    return found;
  }

  list() {
    this.calls.push({ op: 'list', args: [] });
    return this.apps;
  }
  icon({ app }: { app: string }) {
    this.calls.push({ op: 'icon', args: [app] });
    return this.apps.some((record) => record.id === app) ? 'data:image/png;base64,' : null;
  }

  async open({ app, path }: { app: string; path?: string }) {
    this.calls.push({ op: 'open', args: [app, path] });
    const page: OpenedPage = {
      id: `page-${this.openPages.length + 1}`,
      appId: app,
      appName: 'News',
      url: `https://${app}.example${path ?? '/'}`,
      status: 200,
      openedAt: 1,
      closesAt: null,
    };
    this.openPages.push(page);
    return page;
  }

  pages({ app }: { app?: string } = {}) {
    this.calls.push({ op: 'pages', args: [app] });
    return this.openPages.filter((page) => app === undefined || page.appId === app);
  }

  showApp({ app }: { app: string }) {
    this.calls.push({ op: 'showApp', args: [app] });
    const record = this.apps.find((candidate) => candidate.id === app);
    if (!record) throw new HostError('app-not-found', `No installed app is called ${app}.`);
    return record;
  }

  async closePage({ id }: { id: string }) {
    this.calls.push({ op: 'closePage', args: [id] });
    this.openPages = this.openPages.filter((page) => page.id !== id);
  }

  syncs({ app }: { app?: string } = {}) {
    this.calls.push({ op: 'syncs', args: [app] });
    return this.syncList;
  }

  runs(query: { app?: string; tag?: string; limit?: number } = {}) {
    this.calls.push({ op: 'runs', args: [query] });
    return this.runList;
  }

  async run({ app, tag }: { app: string; tag: string }): Promise<RunSummary> {
    this.calls.push({ op: 'run', args: [app, tag] });
    await this.runGate;
    if (tag === 'missing') throw new PeriodicSyncError('NotFoundError', `No registration "${tag}".`);
    if (tag === 'crash') throw new TypeError('engine exploded');
    return memoryRun(app, tag);
  }

  pause({ app }: { app: string }) {
    this.calls.push({ op: 'pause', args: [app] });
    return this.#setPaused(app, true);
  }

  resume({ app }: { app: string }) {
    this.calls.push({ op: 'resume', args: [app] });
    return this.#setPaused(app, false);
  }
  setIntervalFloor({ app, floor }: { app: string; floor: string | null }) {
    this.calls.push({ op: 'setIntervalFloor', args: [app, floor] });
    const found = this.apps.find((record) => record.id === app);
    if (!found) throw new HostError('app-not-found', `No installed app matches "${app}".`);
    found.intervalFloorMs = floor === null ? null : Number(floor);
    return found;
  }

  settings: ConfigEntry[] = [
    { key: 'concurrency', value: '3', default: '3', description: 'workers woken at once' },
  ];

  config() {
    this.calls.push({ op: 'config', args: [] });
    return this.settings;
  }

  async configSet({ key, value }: { key: string; value: string }) {
    this.calls.push({ op: 'configSet', args: [key, value] });
    const entry = this.settings.find((candidate) => candidate.key === key);
    if (!entry) throw new HostError('unknown-setting', `There is no setting "${key}".`);
    entry.value = value;
    return entry;
  }

  status(): HostStatus {
    this.calls.push({ op: 'status', args: [] });
    return {
      running: true,
      dataDir: '/memory',
      pid: 1,
      engine: 'memory',
      online: true,
      developerMode: false,
      eventsInFlight: 0,
      browser: null,
      browserBinary: null,
      nextDueAt: null,
      nextDue: null,
      wakeUp: null,
      storeProblem: null,
      showsWindows: false,
      notifications: { display: 'freedesktop', available: true, reason: null },
      settingsAdjusted: [],
      missingWorkers: [],
      alerts: [],
    };
  }

  mute({ app }: { app: string }) {
    this.calls.push({ op: 'mute', args: [app] });
    return this.#find(app, (found) => {
      found.notificationsMuted = true;
    });
  }

  unmute({ app }: { app: string }) {
    this.calls.push({ op: 'unmute', args: [app] });
    return this.#find(app, (found) => {
      found.notificationsMuted = false;
    });
  }

  notifications(query: { app?: string; limit?: number } = {}) {
    this.calls.push({ op: 'notifications', args: [query] });
    return this.notificationList.filter((entry) => query.app === undefined || entry.appId === query.app);
  }

  alerts() {
    this.calls.push({ op: 'alerts', args: [] });
    return this.alertList;
  }

  #find(app: string, change: (found: AppRecord) => void): AppRecord {
    const found = this.apps.find((record) => record.id === app);
    if (!found) throw new HostError('app-not-found', `No installed app "${app}".`);
    change(found);
    return found;
  }

  #setPaused(app: string, paused: boolean): AppRecord {
    const found = this.apps.find((record) => record.id === app);
    if (!found) throw new HostError('app-not-found', `No installed app "${app}".`);
    found.paused = paused;
    return found;
  }
}

export function memoryRun(appId: string, tag: string, appName = 'News'): RunSummary {
  return {
    id: 1,
    appId,
    appName,
    kind: 'periodic',
    maxAttempts: null,
    lastChance: null,
    registrationId: 1,
    scope: 'https://news.example/',
    tag,
    trigger: 'manual',
    attempt: 0,
    outcome: 'success',
    error: null,
    startedAt: 1000,
    endedAt: 1120,
    durationMs: 120,
    notifications: [],
  };
}
