import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { AppPage, BrowserPages, NavigationResult, WorkerWatch } from '../../app/engine/browser-pages.ts';
import { createElectronEngine } from '../../app/engine-electron/electron-engine.ts';
import { reprimeMissingWorkers } from '../../app/install/reprime-workers.ts';
import { silentLogger } from '../../app/logging/logger.ts';
import { Store } from '../../app/store/store.ts';
import { RecordingEngineHost } from '../contract/engine-contract.ts';
import { type FakeServiceWorkers, fakeElectronSurface } from '../helpers/fake-electron-surface.ts';
import { fixtureApp, MINUTE, tempDataDir } from '../helpers/harness.ts';

/**
 * The hidden page the desktop loads an app's start page in (main/electron-pages.ts), stood in: loading the
 * start page registers the app's worker, as the app's own script would.
 */
class StartPage implements AppPage {
  readonly closed: Promise<void>;
  #close!: () => void;
  #scope: string | undefined;
  readonly #serviceWorkers: FakeServiceWorkers;
  readonly #loaded: string[];

  constructor(serviceWorkers: FakeServiceWorkers, loaded: string[]) {
    this.#serviceWorkers = serviceWorkers;
    this.#loaded = loaded;
    this.closed = new Promise((resolve) => {
      this.#close = resolve;
    });
  }

  async navigate(url: string): Promise<NavigationResult> {
    this.#loaded.push(url);
    this.#scope = new URL('./', url).href;
    this.#serviceWorkers.register(this.#scope);
    return { kind: 'loaded', url, status: 200 };
  }
  async waitForNetworkIdle(): Promise<boolean> {
    return true;
  }
  async readManifest(): Promise<never> {
    throw new Error('re-priming reads no manifest');
  }
  async watchServiceWorker(): Promise<WorkerWatch> {
    return {
      outcome: async () =>
        this.#scope === undefined
          ? { kind: 'timeout', state: 'not-registered' }
          : { kind: 'active', scope: this.#scope },
      registered: async () => this.#scope !== undefined,
      stop: async () => {},
    };
  }
  async evaluate<T>(): Promise<T> {
    throw new Error('re-priming evaluates nothing');
  }
  async close(): Promise<void> {
    this.#close();
  }
}

test('at host start the Electron engine wakes stored workers instead of loading every start page', async (t) => {
  const dataDir = tempDataDir(t);
  const store = Store.open(dataDir);
  t.after(() => store.close());
  const now = Date.now();
  const withWorker = store.apps.upsert(fixtureApp('https://news.example', 'News'), now);
  const without = store.apps.upsert(fixtureApp('https://mail.example', 'Mail'), now);
  const noTasks = store.apps.upsert(fixtureApp('https://notes.example', 'Notes'), now);
  for (const app of [withWorker, without]) {
    store.registrations.insert({
      appId: app.id,
      origin: app.origin,
      scope: app.scope,
      tag: 'refresh',
      minIntervalMs: MINUTE,
      createdAt: now,
      nextDueAt: now + MINUTE,
    });
  }

  // The profile still holds two apps' workers (from the last run); one was lost (a new profile, say).
  const fake = fakeElectronSurface();
  fake.serviceWorkers.register(withWorker.scope);
  fake.serviceWorkers.register(noTasks.scope);
  const engine = createElectronEngine({ surface: fake.surface, workerStartTimeoutMs: 3000 });
  const host = new RecordingEngineHost([withWorker.origin, without.origin, noTasks.origin]);
  await engine.start(host);
  t.after(async () => {
    await engine.stop();
    fake.serviceWorkers.dispose();
  });
  assert.deepEqual(engine.workerScopes(), [], 'nothing has run since start: Electron lists nothing');

  const loaded: string[] = [];
  const pages: BrowserPages = Object.assign(engine, {
    openPage: async () => new StartPage(fake.serviceWorkers, loaded),
    clearOrigin: async () => {},
  });
  const reprimed = await reprimeMissingWorkers(store, pages, silentLogger);

  // Only the app whose worker is really missing had its start page loaded.
  assert.deepEqual(loaded, [without.startUrl]);
  assert.deepEqual(reprimed, [without.id]);
  assert.deepEqual(
    engine.workerScopes().sort(),
    [withWorker.scope, noTasks.scope].sort(),
    'the woken workers are known now; the page-registered one becomes known when it first runs',
  );
  // Nobody was told a registration is gone: a scope with no worker is only "not found" here.
  assert.deepEqual(host.gone, []);
});
