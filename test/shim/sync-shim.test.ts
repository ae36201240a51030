/**
 * One-off Background Sync as pages and workers see it (`registration.sync`, `SyncManager`, `SyncEvent`,
 * `onsync`, the background-sync permission), with Blink's checks in Blink's order, on every backend, fired
 * by a real host: the conformance probes the periodic suites have, for the sibling API.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { AppPage } from '../../app/engine/browser-pages.ts';
import { type FixtureServer, startFixtureServer } from '../fixtures/pwa-server.ts';
import { browserBackends } from '../helpers/browser-backends.ts';
import { openWithWorker } from '../helpers/chromium.ts';
import { type ChromiumHost, startChromiumHost } from '../helpers/chromium-host.ts';
import { waitFor } from '../helpers/settle.ts';
import {
  EXPECTED_PAGE_SYNC_SHAPE,
  EXPECTED_WORKER_SYNC_SHAPE,
  PAGE_SYNC_SHAPE,
} from '../helpers/sync-shapes.ts';

const refused = (name: string) => ({ ok: false, name, isDOMException: true, isTypeError: false });

for (const backend of browserBackends()) {
  describe(`the one-off sync shim in pages and workers, fired by the host (${backend.name})`, {
    timeout: 180_000,
  }, () => {
    let news: FixtureServer;
    let mail: FixtureServer;
    let chromium: ChromiumHost;
    let page: AppPage;
    let scope: string;

    before(async () => {
      news = await startFixtureServer('news');
      mail = await startFixtureServer('mail');
      // Room for a loaded machine; a failed attempt is retried after 300 ms, 3 attempts in all.
      chromium = await startChromiumHost(
        { eventTimeLimitMs: 10_000, oneOffRetryDelaysMs: [300] },
        { executable: backend.executable },
      );
      chromium.recordApp(news.origin, 'Fixture News');
      scope = `${news.origin}/`;
      page = await openWithWorker(chromium.engine, `${news.origin}/?no-register`);
    });

    after(async () => {
      await page.close();
      await chromium.close();
      await news.close();
      await mail.close();
    });

    const inPage = <T>(expression: string) => page.evaluate<T>(expression);
    const syncEvents = (since: number, tag: string) =>
      news.requests
        .filter((request) => request.path === '/sync-event' && request.at >= since)
        .map((request) => JSON.parse(request.query.get('tag') ?? 'null') === tag && request)
        .filter((request) => request !== false)
        .map((request) => ({
          lastChance: JSON.parse(request.query.get('lastChance') ?? 'null') as boolean,
          isSyncEvent: JSON.parse(request.query.get('isSyncEvent') ?? 'null') as boolean,
          state: JSON.parse(request.query.get('state') ?? 'null') as string,
        }));

    test('registration.sync is a SyncManager, the same object each time, in place of the browser’s', async () => {
      assert.deepEqual(await inPage(PAGE_SYNC_SHAPE), EXPECTED_PAGE_SYNC_SHAPE);
    });

    test('a page registers a sync: it fires at once in the worker, lastChance false, and is gone after its success', async () => {
      const since = Date.now();
      const registered = await inPage(
        `navigator.serviceWorker.ready.then((registration) => settle(registration.sync.register('outbox')))`,
      );
      assert.deepEqual(registered, { ok: true });
      const run = await waitFor('the sync to run', () =>
        chromium.host.store.runs
          .list({ tag: 'outbox' })
          .find((candidate) => candidate.kind === 'one-off' && candidate.outcome !== null),
      );
      assert.deepEqual([run.outcome, run.attempt, run.maxAttempts, run.lastChance], ['success', 1, 3, false]);
      await waitFor('the worker to report it', () => syncEvents(since, 'outbox').length > 0);
      assert.deepEqual(syncEvents(since, 'outbox'), [
        { lastChance: false, isSyncEvent: true, state: 'activated' },
      ]);
      assert.deepEqual(
        await inPage(`navigator.serviceWorker.ready.then((registration) => registration.sync.getTags())`),
        [],
      );
    });

    test('a failing sync is retried, lastChance true on its last attempt, then dropped', async () => {
      const since = Date.now();
      await inPage(
        `navigator.serviceWorker.ready.then((registration) => registration.sync.register('fail'))`,
      );
      const runs = await waitFor('three attempts', () => {
        const ended = chromium.host.store.runs
          .list({ tag: 'fail' })
          .filter((candidate) => candidate.kind === 'one-off' && candidate.outcome !== null);
        return ended.length >= 3 ? ended.reverse() : undefined;
      });
      assert.deepEqual(
        runs.map((candidate) => [
          candidate.trigger,
          candidate.attempt,
          candidate.lastChance,
          candidate.outcome,
        ]),
        [
          ['scheduled', 1, false, 'failed'],
          ['retry', 2, false, 'failed'],
          ['retry', 3, true, 'failed'],
        ],
      );
      assert.match(runs[0]?.error ?? '', /the sync handler rejected/);
      await waitFor('the worker to report every attempt', () => syncEvents(since, 'fail').length === 3);
      assert.deepEqual(
        syncEvents(since, 'fail').map((event) => event.lastChance),
        [false, false, true],
      );
      assert.equal(chromium.host.store.oneOffSyncs.get(scope, 'fail'), undefined);
    });

    test('WebIDL: register() with no tag is a TypeError; the tag is converted to a string; too long is InvalidAccessError', async () => {
      const results = await inPage<
        Record<string, unknown>
      >(`navigator.serviceWorker.ready.then(async (registration) => ({
        noArguments: await settle(registration.sync.register()),
        tooLong: await settle(registration.sync.register('x'.repeat(10241))),
        tooLargeToSend: await settle(registration.sync.register('x'.repeat(300 * 1024))),
        illegal: await settle(SyncManager.prototype.getTags.call({})),
      }))`);
      assert.deepEqual(results, {
        noArguments: { ok: false, name: 'TypeError', isDOMException: false, isTypeError: true },
        tooLong: refused('InvalidAccessError'),
        tooLargeToSend: refused('InvalidAccessError'),
        illegal: { ok: false, name: 'TypeError', isDOMException: false, isTypeError: true },
      });
      await inPage(`navigator.serviceWorker.ready.then((registration) => registration.sync.register(12345))`);
      await waitFor('the number tag to fire as a string', () =>
        chromium.host.store.runs.list({ tag: '12345' }).find((run) => run.outcome === 'success'),
      );
    });

    test('with no active worker: register is an InvalidStateError, getTags still works', async () => {
      const results = await inPage<Record<string, unknown>>(`(async () => {
        const pending = await navigator.serviceWorker.register('sw.js?hang-install', { scope: '/pending/' });
        return {
          active: pending.active === null,
          register: await settle(pending.sync.register('x')),
          getTags: await settle(pending.sync.getTags()),
        };
      })()`);
      assert.deepEqual(results, {
        active: true,
        register: refused('InvalidStateError'),
        getTags: { ok: true, value: [] },
      });
    });

    test('permissions.query({name: "background-sync"}) is granted for an installed app, denied for another', async () => {
      const state = await inPage<string>(
        `navigator.permissions.query({ name: 'background-sync' }).then((status) => status.name + ':' + status.state)`,
      );
      assert.equal(state, 'background-sync:granted');
      const other = await openWithWorker(chromium.engine, `${mail.origin}/`);
      try {
        const results = await other.evaluate<Record<string, unknown>>(`(async () => {
          const registration = await navigator.serviceWorker.ready;
          const status = await navigator.permissions.query({ name: 'background-sync' });
          let register;
          try { await registration.sync.register('mail'); register = 'resolved'; } catch (error) { register = error.name; }
          return { state: status.state, register, tags: await registration.sync.getTags() };
        })()`);
        assert.deepEqual(results, { state: 'denied', register: 'NotAllowedError', tags: [] });
      } finally {
        await other.close();
      }
    });

    test('a page cannot register for another origin: a forged scope is NotAllowedError', async () => {
      const forger = await openWithWorker(chromium.engine, `${news.origin}/?no-register`);
      try {
        const result = await forger.evaluate(`(async () => {
          const registration = await navigator.serviceWorker.ready;
          Object.defineProperty(ServiceWorkerRegistration.prototype, 'scope', { get: () => ${JSON.stringify(`${mail.origin}/`)} });
          return { register: await settle(registration.sync.register('forged')), getTags: await settle(registration.sync.getTags()) };
        })()`);
        assert.deepEqual(result, {
          register: refused('NotAllowedError'),
          getTags: refused('NotAllowedError'),
        });
        assert.equal(chromium.host.store.oneOffSyncs.get(`${mail.origin}/`, 'forged'), undefined);
      } finally {
        await forger.close();
      }
    });

    test('in the worker: registration.sync, SyncEvent, onsync; registering there works too', async () => {
      const { value } = await inPage<{ value: Record<string, unknown> }>(`askWorker('syncShape')`);
      assert.deepEqual(value, EXPECTED_WORKER_SYNC_SHAPE);
      const since = Date.now();
      assert.deepEqual(await inPage(`askWorker('syncRegister', { tag: 'via-onsync' })`), {
        value: { ok: true },
      });
      await news.waitForRequest('/onsync-handler', 15_000, since);
    });

    test('a worker registering in its install handler has no active worker yet (InvalidStateError); in its activate handler it has, and the sync fires once it is activated', async () => {
      const since = Date.now();
      await inPage(
        `navigator.serviceWorker.register('sw.js?install-sync-tag=too-early&activate-sync-tag=from-activate&activate-hold=1000', { scope: '/lifecycle/' }).then(() => true)`,
      );
      const install = await news.waitForRequest('/install-sync-register', 15_000, since);
      assert.equal(JSON.parse(install.query.get('ok') ?? 'null'), false);
      assert.equal(JSON.parse(install.query.get('name') ?? 'null'), 'InvalidStateError');
      await waitFor('the activate handler’s sync to run', () =>
        chromium.host.store.runs
          .list({ tag: 'from-activate' })
          .find((run) => run.kind === 'one-off' && run.outcome === 'success'),
      );
      // The worker reports the event without waiting for the report: it may reach the server after the run ended.
      await waitFor('the worker to report the event', () => syncEvents(since, 'from-activate').length > 0);
      assert.deepEqual(
        syncEvents(since, 'from-activate').map((event) => event.state),
        ['activated'],
        'the event waited for the activate handler to finish',
      );
    });

    test('a sync fires with no page open', async () => {
      await page.close();
      try {
        await chromium.engine.stopWorker(scope);
        const since = Date.now();
        chromium.host.core.registerOneOff(
          chromium.recordApp(news.origin, 'Fixture News').id,
          scope,
          'get-latest-news',
        );
        await news.waitForRequest('/news.json', 15_000, since);
        const run = await waitFor('the run to finish', () =>
          chromium.host.store.runs
            .list({ tag: 'get-latest-news' })
            .find((candidate) => candidate.kind === 'one-off' && candidate.outcome !== null),
        );
        assert.equal(run.outcome, 'success');
      } finally {
        page = await openWithWorker(chromium.engine, `${news.origin}/?no-register`);
      }
    });
  });
}
