/**
 * Attack 16 of issue 19: durations past what a Node timer holds (2^31 ms, about 24.8 days). A spec-valid
 * monthly registration made the host spin on a 1 ms timer once the browser idled (about 1,000 warnings a
 * second); a time limit of 50 days killed the host at the next notification click (AbortSignal.timeout's
 * RangeError), and one of 25 to 49 days abandoned every click after 1 ms. Long waits are chained (one
 * helper, test/base/long-timer.test.ts); settings have ranges with reasons (stored-settings.test.ts).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ManualConnectivity } from '../../app/connectivity/connectivity.ts';
import { createHost } from '../../app/host/create-host.ts';
import type { NotificationDisplay } from '../../app/os/notifications/notification-display.ts';
import { startFixtureServer } from '../fixtures/pwa-server.ts';
import { startServedHost } from '../helpers/chromium-host.ts';
import { fixtureApp } from '../helpers/fixture-app.ts';
import { tempDataDir } from '../helpers/harness.ts';
import { notificationOptions } from '../helpers/notification-options.ts';
import { waitFor } from '../helpers/settle.ts';
import { TestEngine } from '../helpers/test-engine.ts';

const DAY = 86_400_000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Counts the TimeoutOverflowWarnings Node emits (one per timer cut to 1 ms) from now on. */
function countTimerOverflows(t: import('node:test').TestContext): () => number {
  let count = 0;
  const onWarning = (warning: Error) => {
    if (warning.name === 'TimeoutOverflowWarning') count += 1;
  };
  process.on('warning', onWarning);
  t.after(() => process.off('warning', onWarning));
  return () => count;
}

test('a monthly registration with the browser stopped for being idle: no spinning timer, the browser stays stopped', {
  timeout: 180_000,
}, async (t) => {
  const news = await startFixtureServer('news');
  t.after(() => news.close());
  const { served } = await startServedHost(t, { browserIdleMs: 2000 });
  const app = await served.operations.install({ url: `${news.origin}/?no-register` });
  const scope = `${news.origin}/`;
  // The start page registers a daily task as it installs: the monthly one must be the next due.
  for (const tag of served.host.core.getTags(scope)) served.host.core.unregister(scope, tag);
  served.host.core.register(app.id, scope, 'monthly', 31 * DAY);
  const overflows = countTimerOverflows(t);
  const states: string[] = [];
  served.host.engine.onStateChange?.((state) => states.push(state.status));
  await waitFor(
    'the browser to stop for being idle',
    () => served.operations.status().browser?.status === 'stopped' || undefined,
    30_000,
  );
  const startsBefore = states.filter((state) => state === 'starting').length;
  await sleep(3000);
  assert.equal(overflows(), 0, 'no timer was cut to 1 ms');
  assert.equal(served.operations.status().browser?.status, 'stopped');
  assert.equal(
    states.filter((state) => state === 'starting').length,
    startsBefore,
    'it was not started again',
  );
});

test('a notification click under a time limit past 2^31 ms reaches the worker, neither crashing nor abandoned', async (t) => {
  const rejections: unknown[] = [];
  const onRejection = (reason: unknown) => rejections.push(reason);
  process.on('unhandledRejection', onRejection);
  t.after(() => process.off('unhandledRejection', onRejection));
  const clicks = new Set<(displayId: string, action: string) => void>();
  const display: NotificationDisplay = {
    name: 'stand-in',
    show: async () => 'shown-1',
    close: async () => {},
    setBadge: async () => {},
    onClick: (listener) => {
      clicks.add(listener);
      return () => clicks.delete(listener);
    },
    onClose: () => () => {},
    dispose: () => {},
  };
  const origin = 'https://news.example';
  const scope = `${origin}/`;
  const engine = new TestEngine([scope]);
  for (const limitDays of [30, 50]) {
    const host = await createHost({
      dataDir: tempDataDir(t),
      engine,
      connectivity: new ManualConnectivity(true),
      settings: { eventTimeLimitMs: limitDays * DAY },
      notifications: display,
    });
    t.after(() => host.close());
    host.store.apps.upsert(fixtureApp(origin), Date.now());
    host.notifications.show({ origin, scope }, 'worker', scope, 'Headline', notificationOptions());
    await host.notifications.settle();
    const before = engine.notificationEvents.length;
    for (const click of clicks) click('shown-1', '');
    await waitFor('the click delivered', () => engine.notificationEvents.length > before || undefined);
    const delivered = engine.notificationEvents.at(-1);
    await sleep(20);
    assert.equal(delivered?.signal.aborted, false, `a ${limitDays}-day limit is not over after 20 ms`);
    await host.close();
  }
  assert.deepEqual(rejections, [], 'nothing crashed the host');
});
