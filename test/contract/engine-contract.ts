import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { HostError } from '../../app/base/errors.ts';
import type { BrowserPages } from '../../app/engine/browser-pages.ts';
import type {
  Badge,
  Caller,
  Engine,
  EngineHost,
  NotificationHost,
  NotificationOptions,
} from '../../app/engine/engine-port.ts';
import { WorkerNotFoundError } from '../../app/engine/engine-port.ts';
import { expecting } from '../helpers/browser-backends.ts';
import { openWithWorker } from '../helpers/chromium.ts';
import { notificationOptions } from '../helpers/notification-options.ts';
import { waitFor } from '../helpers/settle.ts';

/** An EngineHost that records what the engine reports and grants the fixture origin. */
export class RecordingEngineHost implements EngineHost {
  readonly gone: string[] = [];
  readonly registered: { caller: Caller; tag: string; minInterval: unknown }[] = [];
  /** One-off syncs registered (`registration.sync.register`). */
  readonly syncRegistered: { caller: Caller; tag: string }[] = [];
  readonly shown: { caller: Caller; scope: string | null; title: string; options: NotificationOptions }[] =
    [];
  readonly badges: { caller: Caller; badge: Badge }[] = [];
  readonly #grantedOrigins: Set<string>;
  readonly notifications: NotificationHost;

  constructor(grantedOrigins: string[]) {
    this.#grantedOrigins = new Set(grantedOrigins);
    this.notifications = {
      permission: (caller) => (this.#grantedOrigins.has(caller.origin) ? 'granted' : 'denied'),
      show: (caller, _from, scope, title, options) => {
        this.shown.push({ caller, scope, title, options });
        return { id: this.shown.length, shown: true };
      },
      getOpen: (caller, scope, tag) =>
        this.shown
          .map((entry, index) => ({ entry, id: index + 1 }))
          .filter(({ entry }) => entry.caller.origin === caller.origin && entry.scope === scope)
          .filter(({ entry }) => tag === '' || entry.options.tag === tag)
          .map(({ entry, id }) => ({ id, title: entry.title, options: entry.options })),
      close: () => {},
      setBadge: (caller, badge) => {
        this.badges.push({ caller, badge });
      },
    };
  }

  register(caller: Caller, tag: string, minInterval: unknown): void {
    this.registered.push({ caller, tag, minInterval });
  }

  unregister(): void {}

  registerSync(caller: Caller, tag: string): void {
    this.syncRegistered.push({ caller, tag });
  }

  getSyncTags(caller: Caller): string[] {
    return this.syncRegistered
      .filter((entry) => entry.caller.scope === caller.scope)
      .map((entry) => entry.tag);
  }

  appOf(caller: Caller): string | undefined {
    return this.#grantedOrigins.has(caller.origin) ? caller.origin : undefined;
  }

  getTags(caller: Caller): string[] {
    return this.registered.filter((entry) => entry.caller.scope === caller.scope).map((entry) => entry.tag);
  }

  isPermissionGranted(caller: Caller): boolean {
    return this.#grantedOrigins.has(caller.origin);
  }

  workerRegistrationGone(scope: string): void {
    this.gone.push(scope);
  }

  readonly unregisteredByApp: string[] = [];

  workerUnregistered(caller: Caller): void {
    this.unregisteredByApp.push(caller.scope);
  }
}

/**
 * What an adapter provides to run the contract: a started engine whose profile has a worker registered
 * for `scope` that handles periodicsync by tag ("fail" rejects, "hang" never settles, "slow-<ms>" waits,
 * anything else succeeds), and a way to make that worker registration disappear.
 */
export interface EngineFixture {
  engine: Engine;
  host: RecordingEngineHost;
  scope: string;
  /** A scope on the same origin with no worker registered. */
  missingScope: string;
  /** Stops the fixture's workers, so the next dispatch starts them cold. */
  stopWorkers(): Promise<void>;
  /** Unregisters the fixture's worker registration the way a page would. */
  unregisterWorker(): Promise<void>;
  /**
   * Pages of the engine's profile with the shim, for the page-facing half of the seam: `origin` is the
   * granted fixture app (the news fixture), `otherOrigin` an app the host has not installed (the mail
   * fixture, which can embed a frame). Absent for an engine without pages: those tests are its gaps.
   */
  pages?: { pages: BrowserPages; origin: string; otherOrigin: string };
  /** Test name → why this engine is expected to fail it (see test/helpers/browser-backends.ts). */
  expectedGaps: Record<string, string>;
  teardown(): Promise<void>;
}

/** The page-facing tests, which need pages of the engine's own profile. */
export const PAGE_TESTS = [
  'BrowserPages: a loaded page is a typed result with its status',
  'BrowserPages: an unreachable server is a typed failure, not a sentence',
  'BrowserPages: a page that never finishes loading is a typed timeout',
  "caller identity: a page's call reaches the host with its frame's origin and its registration's scope",
  "caller identity: a worker's call reaches the host with its own registration's scope",
  'refusal: a forged scope of another origin is NotAllowedError and reaches no host method',
  'refusal: an origin that is not installed is NotAllowedError (after the worker and window checks)',
  'refusal: a cross-origin frame with no window of its own origin is InvalidAccessError',
  "sync: a page's registration.sync.register reaches the host with its origin and scope",
  "sync: a worker's registration.sync.register reaches the host with its own registration's scope",
  'sync: an origin that is not installed is NotAllowedError, and its permission denied',
] as const;

/** A server whose page never fires load: an image on it never answers. */
async function neverLoadingServer(): Promise<{ url: string; close(): Promise<void> }> {
  const server = createServer((request, response) => {
    if (request.url === '/') {
      response.writeHead(200, { 'content-type': 'text/html' });
      response.end('<!doctype html><img src="/never">');
    } // anything else: never answered
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** An address nothing listens on: a port the system handed out and that was closed again. */
async function closedAddress(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return `http://127.0.0.1:${port}/`;
}

/** The engine port's contract: every adapter that can run here runs this suite. */
export function describeEngineContract(name: string, setup: () => Promise<EngineFixture>): void {
  describe(`engine contract: ${name}`, { timeout: 120_000 }, () => {
    let fixture: EngineFixture;
    /** Starts the fixture's worker if needed and fires `tag` in it. */
    const fire = async (tag: string, timeLimitMs = 10_000, abort = new AbortController().signal) => {
      await fixture.engine.ensureWorkerRunning(fixture.scope);
      return fixture.engine.dispatchPeriodicSync({ scope: fixture.scope, tag, timeLimitMs, signal: abort });
    };
    before(async () => {
      fixture = await setup();
    });
    const pages = () => {
      if (!fixture.pages) throw new Error(`${name} has no browser pages`);
      return fixture.pages;
    };
    const pageTest = (title: (typeof PAGE_TESTS)[number], body: () => Promise<void>) =>
      test(title, () => expecting(fixture.expectedGaps, title, body)());
    /** Starts the fixture's worker if needed and fires a one-off sync `tag` in it. */
    const fireSync = async (tag: string, lastChance = false, abort = new AbortController().signal) => {
      await fixture.engine.ensureWorkerRunning(fixture.scope);
      return fixture.engine.dispatchSync({
        scope: fixture.scope,
        tag,
        lastChance,
        timeLimitMs: 10_000,
        signal: abort,
      });
    };
    /** Runs `expression` in a page of `url` that has an active worker, and closes the page. */
    const inPage = async <T>(url: string, expression: string): Promise<T> => {
      const page = await openWithWorker(pages().pages, url);
      try {
        return await page.evaluate<T>(expression);
      } finally {
        await page.close();
      }
    };
    const settleInPage = (call: string) =>
      `navigator.serviceWorker.ready.then((registration) => ${call}).then(() => 'resolved', (error) => error.name)`;

    pageTest('BrowserPages: a loaded page is a typed result with its status', async () => {
      const page = await pages().pages.openPage();
      try {
        const url = `${pages().origin}/?no-register`;
        assert.deepEqual(await page.navigate(url, 15_000), { kind: 'loaded', url, status: 200 });
      } finally {
        await page.close();
      }
    });

    pageTest('BrowserPages: an unreachable server is a typed failure, not a sentence', async () => {
      const page = await pages().pages.openPage();
      try {
        const result = await page.navigate(await closedAddress(), 15_000);
        assert.equal(result.kind, 'failed');
        assert.equal(result.kind === 'failed' && result.reason, 'unreachable');
      } finally {
        await page.close();
      }
    });

    pageTest('BrowserPages: a page that never finishes loading is a typed timeout', async () => {
      const page = await pages().pages.openPage();
      const server = await neverLoadingServer();
      try {
        const result = await page.navigate(server.url, 1000);
        assert.equal(result.kind === 'failed' && result.reason, 'timeout');
        assert.equal(result.status, 200);
      } finally {
        await page.close();
        await server.close();
      }
    });

    pageTest(
      "caller identity: a page's call reaches the host with its frame's origin and its registration's scope",
      async () => {
        const { origin } = pages();
        const outcome = await inPage<string>(
          `${origin}/?no-register`,
          settleInPage(`registration.periodicSync.register('from-page', { minInterval: 1000 })`),
        );
        assert.equal(outcome, 'resolved');
        const entry = fixture.host.registered.find((candidate) => candidate.tag === 'from-page');
        assert.deepEqual(entry, {
          caller: { origin, scope: `${origin}/` },
          tag: 'from-page',
          minInterval: 1000,
        });
      },
    );

    pageTest(
      "caller identity: a worker's call reaches the host with its own registration's scope",
      async () => {
        const { origin } = pages();
        const page = await openWithWorker(pages().pages, `${origin}/?no-register`);
        try {
          const reply = await page.evaluate(
            `askWorker('register', { tag: 'from-worker', options: { minInterval: 0 } })`,
          );
          assert.deepEqual(reply, { value: { ok: true } });
        } finally {
          await page.close();
        }
        const entry = fixture.host.registered.find((candidate) => candidate.tag === 'from-worker');
        assert.deepEqual(entry?.caller, { origin, scope: `${origin}/` });
      },
    );

    pageTest(
      'refusal: a forged scope of another origin is NotAllowedError and reaches no host method',
      async () => {
        const { origin, otherOrigin } = pages();
        const before = fixture.host.registered.length;
        const outcome = await inPage<string>(
          `${origin}/?no-register`,
          `navigator.serviceWorker.ready.then((registration) => {
          Object.defineProperty(ServiceWorkerRegistration.prototype, 'scope', { get: () => ${JSON.stringify(`${otherOrigin}/`)} });
          return registration.periodicSync.register('forged').then(() => 'resolved', (error) => error.name);
        })`,
        );
        assert.equal(outcome, 'NotAllowedError');
        assert.equal(fixture.host.registered.length, before, 'the host was not called');
      },
    );

    pageTest(
      'refusal: an origin that is not installed is NotAllowedError (after the worker and window checks)',
      async () => {
        const { otherOrigin } = pages();
        const outcome = await inPage<string>(
          `${otherOrigin}/`,
          settleInPage(`registration.periodicSync.register('not-installed')`),
        );
        assert.equal(outcome, 'NotAllowedError');
        assert.ok(!fixture.host.registered.some((entry) => entry.tag === 'not-installed'));
      },
    );

    pageTest(
      'refusal: a cross-origin frame with no window of its own origin is InvalidAccessError',
      async () => {
        const { origin, otherOrigin } = pages();
        const result = await inPage(
          `${otherOrigin}/`,
          `registerInFrame(${JSON.stringify(`${origin}/frame.html`)})`,
        );
        assert.deepEqual(result, { ok: false, name: 'InvalidAccessError' });
      },
    );
    pageTest(
      "sync: a page's registration.sync.register reaches the host with its origin and scope",
      async () => {
        const { origin } = pages();
        const outcome = await inPage<string>(
          `${origin}/?no-register`,
          settleInPage(`registration.sync.register('outbox-from-page')`),
        );
        assert.equal(outcome, 'resolved');
        const entry = fixture.host.syncRegistered.find((candidate) => candidate.tag === 'outbox-from-page');
        assert.deepEqual(entry?.caller, { origin, scope: `${origin}/` });
        const tags = await inPage<string[]>(
          `${origin}/?no-register`,
          'navigator.serviceWorker.ready.then((registration) => registration.sync.getTags())',
        );
        assert.ok(tags.includes('outbox-from-page'), 'getTags asks the host');
      },
    );

    pageTest(
      "sync: a worker's registration.sync.register reaches the host with its own registration's scope",
      async () => {
        const { origin } = pages();
        const page = await openWithWorker(pages().pages, `${origin}/?no-register`);
        try {
          const reply = await page.evaluate(`askWorker('syncRegister', { tag: 'outbox-from-worker' })`);
          assert.deepEqual(reply, { value: { ok: true } });
        } finally {
          await page.close();
        }
        const entry = fixture.host.syncRegistered.find((candidate) => candidate.tag === 'outbox-from-worker');
        assert.deepEqual(entry?.caller, { origin, scope: `${origin}/` });
      },
    );

    pageTest(
      'sync: an origin that is not installed is NotAllowedError, and its permission denied',
      async () => {
        const { otherOrigin } = pages();
        const outcome = await inPage<string>(
          `${otherOrigin}/`,
          settleInPage(`registration.sync.register('not-installed')`),
        );
        assert.equal(outcome, 'NotAllowedError');
        const state = await inPage<string>(
          `${otherOrigin}/`,
          `navigator.permissions.query({ name: 'background-sync' }).then((status) => status.state)`,
        );
        assert.equal(state, 'denied');
        assert.ok(!fixture.host.syncRegistered.some((entry) => entry.tag === 'not-installed'));
      },
    );

    after(async () => {
      await fixture.teardown();
    });

    test('sync: a handler that settles reports success; a rejected waitUntil reports failed', async () => {
      assert.deepEqual(await fireSync('outbox'), { status: 'success' });
      const failed = await fireSync('fail');
      assert.equal(failed.status, 'failed');
      assert.match(failed.error ?? '', /reject/i);
    });

    test('sync: lastChance reaches the worker as the host gave it', async () => {
      assert.deepEqual(await fireSync('last-chance-true', true), { status: 'success' });
      assert.deepEqual(await fireSync('last-chance-false', false), { status: 'success' });
      const wrong = await fireSync('last-chance-true', false);
      assert.equal(wrong.status, 'failed');
      assert.match(wrong.error ?? '', /lastChance was false/);
    });

    test('sync: an aborted dispatch resolves as abandoned; a stopped worker is started again', async () => {
      const controller = new AbortController();
      const pending = fireSync('hang', false, controller.signal);
      setTimeout(
        () => controller.abort(new HostError('time-limit', 'The event reached its time limit.')),
        200,
      );
      assert.deepEqual(await pending, {
        status: 'abandoned',
        error: 'The host gave up on the event: The event reached its time limit.',
      });
      await fixture.stopWorkers();
      assert.deepEqual(await fireSync('after-cold-start'), { status: 'success' });
    });

    test('ensureWorkerRunning resolves for a registered scope', async () => {
      await fixture.engine.ensureWorkerRunning(fixture.scope);
    });

    test('ensureWorkerRunning rejects with WorkerNotFoundError for a scope with no worker', async () => {
      await assert.rejects(fixture.engine.ensureWorkerRunning(fixture.missingScope), WorkerNotFoundError);
    });

    test('a handler that settles reports success', async () => {
      const outcome = await fire('get-latest-news');
      assert.deepEqual(outcome, { status: 'success' });
    });

    test('a rejected waitUntil reports failed with the reason', async () => {
      const outcome = await fire('fail');
      assert.equal(outcome.status, 'failed');
      assert.match(outcome.error ?? '', /reject/i);
    });

    test('waitUntil time counts: a 1.5 s task lasts at least 1.5 s', async () => {
      const started = performance.now();
      const outcome = await fire('slow-1500');
      assert.equal(outcome.status, 'success');
      assert.ok(performance.now() - started >= 1500, 'the event ended before its waitUntil promise settled');
    });

    test('the engine judges no time limit: a handler past timeLimitMs runs on until the host gives up', async () => {
      const controller = new AbortController();
      const pending = fire('hang', 100, controller.signal);
      let settled = false;
      void pending.then(() => {
        settled = true;
      });
      await new Promise((resolve) => setTimeout(resolve, 1000));
      assert.equal(settled, false, 'the engine ended the event on its own clock');
      controller.abort(new HostError('time-limit', 'The event reached its time limit.'));
      assert.deepEqual(await pending, {
        status: 'abandoned',
        error: 'The host gave up on the event: The event reached its time limit.',
      });
    });

    test('an aborted dispatch resolves as abandoned instead of waiting for the handler', async () => {
      const controller = new AbortController();
      const pending = fire('hang', 60_000, controller.signal);
      setTimeout(() => controller.abort(new HostError('shutdown', 'The host is stopping.')), 200);
      assert.deepEqual(await pending, {
        status: 'abandoned',
        error: 'The host gave up on the event: The host is stopping.',
      });
    });

    test('a dispatch whose signal is already aborted is abandoned at once', async () => {
      const controller = new AbortController();
      controller.abort(new HostError('shutdown', 'The host is stopping.'));
      assert.deepEqual(await fire('get-latest-news', 10_000, controller.signal), {
        status: 'abandoned',
        error: 'The host gave up on the event: The host is stopping.',
      });
    });

    test('a completion that arrived before the host gave up wins', async () => {
      const controller = new AbortController();
      const pending = fire('slow-300', 10_000, controller.signal);
      await new Promise((resolve) => setTimeout(resolve, 1500));
      controller.abort(new HostError('time-limit', 'The event reached its time limit.'));
      assert.deepEqual(await pending, { status: 'success' });
    });

    test('a stopped worker is started again for the next event (cold start)', async () => {
      await fixture.stopWorkers();
      const outcome = await fire('after-cold-start');
      assert.deepEqual(outcome, { status: 'success' });
    });

    const notificationEvent = (tag: string, kind: 'notificationclick' | 'notificationclose') =>
      fixture.engine.dispatchNotificationEvent({
        kind,
        scope: fixture.scope,
        notification: {
          id: 7,
          title: 'Contract',
          options: notificationOptions({ tag, actions: [{ action: 'read', title: 'Read', icon: '' }] }),
        },
        action: kind === 'notificationclick' ? 'read' : '',
        timeLimitMs: 10_000,
        signal: new AbortController().signal,
      });

    test('notificationclick and notificationclose wake a stopped worker and report how its handler ended', async () => {
      await fixture.stopWorkers();
      assert.deepEqual(await notificationEvent('contract', 'notificationclick'), { status: 'success' });
      assert.deepEqual(await notificationEvent('contract', 'notificationclose'), { status: 'success' });
      const failed = await notificationEvent('fail', 'notificationclick');
      assert.equal(failed.status, 'failed');
      assert.match(failed.error ?? '', /reject/i);
    });

    test('a worker registration that goes away is reported to the host', async () => {
      await fixture.unregisterWorker();
      await waitFor('workerRegistrationGone', () => fixture.host.gone.includes(fixture.scope));
      await assert.rejects(fixture.engine.ensureWorkerRunning(fixture.scope), WorkerNotFoundError);
    });
  });
}
