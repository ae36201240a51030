import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import { type FixtureServer, startFixtureServer } from '../fixtures/pwa-server.ts';
import { browserBackends } from '../helpers/browser-backends.ts';
import { openWithWorker } from '../helpers/chromium.ts';
import { type ChromiumHost, startChromiumHost } from '../helpers/chromium-host.ts';
import { waitFor } from '../helpers/settle.ts';
import { EXPECTED_WORKER_PERIODIC_SYNC_SHAPE } from '../helpers/sync-shapes.ts';

for (const backend of browserBackends()) {
  describe(`the periodicSync shim in service workers, fired by the host (${backend.name})`, {
    timeout: 180_000,
  }, () => {
    let news: FixtureServer;
    let chromium: ChromiumHost;
    let scope: string;

    before(async () => {
      news = await startFixtureServer('news');
      chromium = await startChromiumHost(
        // The limit counts the worker's cold start too (each test starts from a stopped worker): room for a loaded machine.
        { eventTimeLimitMs: 5000, retryDelaysMs: [300], maxAttemptsPerPeriod: 2 },
        { workerIdleMs: 500, executable: backend.executable }, // workers the host woke stop 0.5 s after their last event
      );
      chromium.recordApp(news.origin, 'Fixture News');
      scope = `${news.origin}/`;
      const page = await openWithWorker(chromium.engine, `${news.origin}/?no-register`);
      await page.close();
    });

    // Each test starts from a stopped worker with no idle stop pending: an earlier test's idle stop (0.5 s after
    // its last event) must not fire while this test's page is still loading.
    beforeEach(async () => {
      await chromium.engine.stopWorker(scope);
    });

    after(async () => {
      await chromium.close();
      await news.close();
    });

    const register = (tag: string, minInterval: number) =>
      chromium.host.core.register(
        chromium.recordApp(news.origin, 'Fixture News').id,
        scope,
        tag,
        minInterval,
      );
    const run = (tag: string) => {
      register(tag, 86_400_000);
      return chromium.host.core.runNow(scope, tag);
    };

    test('in the worker: registration.periodicSync, PeriodicSyncEvent, onperiodicsync', async () => {
      const page = await openWithWorker(chromium.engine, `${news.origin}/?no-register`);
      try {
        const { value } = await page.evaluate<{ value: Record<string, unknown> }>(`askWorker('shape')`);
        assert.deepEqual(value, EXPECTED_WORKER_PERIODIC_SYNC_SHAPE);
        const registered = await page.evaluate(
          `askWorker('register', { tag: 'from-worker', options: { minInterval: 5000 } })`,
        );
        assert.deepEqual(registered, { value: { ok: true } });
        const tags = await page.evaluate<{ value: { value: string[] } }>(`askWorker('getTags')`);
        assert.ok(tags.value.value.includes('from-worker'));
        const unregistered = await page.evaluate(`askWorker('unregister', { tag: 'from-worker' })`);
        assert.deepEqual(unregistered, { value: { ok: true } });
        assert.equal(chromium.host.store.registrations.get(scope, 'from-worker'), undefined);
      } finally {
        await page.close();
      }
    });

    test('registrations made in install and activate handlers count', async () => {
      const page = await openWithWorker(chromium.engine, `${news.origin}/?no-register`);
      try {
        await page.evaluate(
          `navigator.serviceWorker.register('sw.js?install-tag=from-install&activate-tag=from-activate', { scope: '/lifecycle/' }).then(() => true)`,
        );
        const lifecycleScope = `${news.origin}/lifecycle/`;
        await waitFor(
          'both lifecycle registrations',
          () => chromium.host.core.getTags(lifecycleScope).length === 2,
        );
        assert.deepEqual(chromium.host.core.getTags(lifecycleScope).sort(), [
          'from-activate',
          'from-install',
        ]);
      } finally {
        await page.close();
      }
    });

    test('MDN: a scheduled event fires with no page open, and the worker fetches the news', async () => {
      const page = await openWithWorker(chromium.engine, `${news.origin}/?interval=1500`);
      await waitFor('the page to register get-latest-news', () =>
        chromium.host.store.registrations.get(scope, 'get-latest-news'),
      );
      await page.close();
      const since = Date.now();
      await news.waitForRequest('/news.json', 15_000, since);
      const run = await waitFor('the run to finish', () =>
        chromium.host.store.runs
          .list({ tag: 'get-latest-news' })
          .find((candidate) => candidate.outcome !== null),
      );
      assert.equal(run.outcome, 'success');
      assert.equal(run.trigger, 'scheduled');
      chromium.host.core.unregister(scope, 'get-latest-news');
    });

    test('a worker kept running by a page is let go after the page closes', async () => {
      const page = await openWithWorker(chromium.engine, `${news.origin}/?no-register`);
      try {
        // The fixture's worker has no fetch handler, so loading the page does not start it: start it here.
        await chromium.engine.ensureWorkerRunning(scope);
        assert.equal(chromium.engine.workerRunningStatus(scope), 'running');
      } finally {
        await page.close();
      }
      await waitFor(
        'the worker to stop',
        () => chromium.engine.workerRunningStatus(scope) === 'stopped',
        10_000,
      );
    });

    test('a top-level self.onperiodicsync handler receives events', async () => {
      const since = Date.now();
      const result = await run('via-handler-attribute');
      assert.equal(result.outcome, 'success');
      await news.waitForRequest('/handler-attribute', 5000, since);
    });

    test('waitUntil time counts: a 1.5 s task runs at least 1.5 s', async () => {
      const result = await run('slow-1500');
      assert.equal(result.outcome, 'success');
      assert.ok((result.durationMs ?? 0) >= 1500, `the run lasted ${result.durationMs} ms`);
    });

    test('waitUntil after dispatch with nothing pending throws InvalidStateError', async () => {
      const since = Date.now();
      await run('late-wait-until');
      const request = await news.waitForRequest('/late-wait-until', 5000, since);
      assert.equal(request.query.get('result'), 'InvalidStateError');
    });

    test('a listener that throws fails the run with the exception', async () => {
      const result = await run('throws');
      assert.equal(result.outcome, 'failed');
      assert.match(result.error ?? '', /the listener threw/);
    });

    test('a rejected waitUntil fails the run, and it is retried', async () => {
      register('fail', 500);
      const runs = await waitFor('a failed run and its retry', () => {
        const list = chromium.host.store.runs
          .list({ tag: 'fail' })
          .filter((candidate) => candidate.outcome !== null);
        return list.length >= 2 ? list : undefined;
      });
      chromium.host.core.unregister(scope, 'fail');
      const [retry, first] = runs;
      assert.equal(first?.outcome, 'failed');
      assert.match(first?.error ?? '', /the handler rejected/);
      assert.equal(retry?.trigger, 'retry');
      assert.equal(retry?.attempt, 2);
    });

    test('a handler that never settles times out, and the worker is let go afterwards', async () => {
      const result = await run('hang');
      assert.equal(result.outcome, 'timed-out');
      await waitFor(
        'the worker to stop',
        () => chromium.engine.workerRunningStatus(scope) === 'stopped',
        10_000,
      );
    });

    test("a worker's own registration.unregister() removes its periodic registrations", async () => {
      register('keep-me', 86_400_000);
      await run('unregister-self');
      await waitFor('the registrations to go', () => chromium.host.core.getTags(scope).length === 0, 10_000);
    });
  });
}
