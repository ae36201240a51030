import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ManualConnectivity } from '../../app/connectivity/connectivity.ts';
import { CallBudget, DEFAULT_CALL_BUDGET } from '../../app/engine/call-budget.ts';
import { ShimEndpoint } from '../../app/engine/shim-endpoint.ts';
import { SHIM_CALL_BUDGET } from '../../app/engine/shim-limits.ts';
import type { NotificationOptions, ShimCall } from '../../app/engine/shim-messages.ts';
import { ChromiumEngine } from '../../app/engine-chromium/chromium-engine.ts';
import { createHost } from '../../app/host/create-host.ts';
import { appIdFor } from '../../app/install/app-id.ts';
import { type Logger, silentLogger } from '../../app/logging/logger.ts';
import { RecordingEngineHost } from '../contract/engine-contract.ts';
import { startFixtureServer } from '../fixtures/pwa-server.ts';
import { openWithWorker, tempProfile } from '../helpers/chromium.ts';
import { fixtureApp } from '../helpers/fixture-app.ts';
import { waitFor } from '../helpers/settle.ts';

const FLOOD_SECONDS = 6;

const NOTIFICATION_OPTIONS: NotificationOptions = {
  body: '',
  tag: '',
  icon: '',
  image: '',
  badge: '',
  lang: '',
  dir: 'auto',
  silent: false,
  requireInteraction: false,
  renotify: false,
  timestamp: 0,
  data: null,
  actions: [],
};

test('a page flooding the host with notifications is held to its budget; another app’s task keeps running', {
  timeout: 180_000,
}, async (t) => {
  const warnings: string[] = [];
  const logger: Logger = {
    debug() {},
    info() {},
    warn: (_fields, message) => warnings.push(message),
    error: (_fields, message) => warnings.push(message),
  };
  const profile = tempProfile();
  t.after(() => profile.remove());
  const news = await startFixtureServer('news');
  t.after(() => news.close());
  const mail = await startFixtureServer('mail');
  t.after(() => mail.close());
  const engine = new ChromiumEngine({ profileDir: `${profile.dir}/chromium-profile`, logger });
  const host = await createHost({
    dataDir: profile.dir,
    engine,
    connectivity: new ManualConnectivity(true),
    developerMode: true,
    settings: { minIntervalFloorMs: 0 },
    logger,
  });
  t.after(() => host.close());
  const steady = host.store.apps.upsert(
    fixtureApp(news.origin, 'Steady', appIdFor(`${news.origin}/`)),
    Date.now(),
  );
  const flooder = host.store.apps.upsert(
    fixtureApp(mail.origin, 'Flooder', appIdFor(`${mail.origin}/`)),
    Date.now(),
  );
  const steadyPage = await openWithWorker(engine, `${news.origin}/?no-register`);
  t.after(() => steadyPage.close());
  const floodPage = await openWithWorker(engine, `${mail.origin}/?no-register`);
  t.after(() => floodPage.close());
  // A two-second task, due every three seconds.
  await steadyPage.evaluate(`navigator.serviceWorker.ready.then((registration) =>
    registration.periodicSync.register('slow-2000', { minInterval: 3000 }))`);
  await waitFor(
    'the steady app’s first run',
    () => host.store.runs.list({ appId: steady.id }).length > 0,
    20_000,
  );

  // Counted as they come: the store keeps only an app's latest 500 notifications.
  let recorded = 0;
  t.after(
    host.notifications.events.on('notification-shown', (record) => {
      if (record.appId === flooder.id) recorded += 1;
    }),
  );
  const floodStart = Date.now();
  const made = await floodPage.evaluate<number>(`(() => {
    const end = Date.now() + ${FLOOD_SECONDS * 1000};
    let made = 0;
    while (Date.now() < end) { new Notification('flood ' + made); made++; }
    return made;
  })()`);
  const floodEnd = Date.now();
  // The page's calls are answered after its loop: a round trip after them means they have all been handled.
  await floodPage.evaluate(`Notification.requestPermission()`);

  const { burst, perSecond } = SHIM_CALL_BUDGET;
  const allowed = burst + perSecond * ((floodEnd - floodStart) / 1000 + 5);
  assert.ok(made > allowed * 4, `the page made ${made} notifications, far more than its budget`);
  assert.ok(recorded <= allowed, `${recorded} of ${made} notifications were recorded (budget ${allowed})`);
  console.error(`flood: ${made} made, ${recorded} recorded, in ${floodEnd - floodStart} ms`);
  const refusals = warnings.filter((message) => message.includes('calls the host too often'));
  assert.equal(refusals.length, 1, `one warning for the burst: ${JSON.stringify(warnings.slice(0, 5))}`);
  assert.equal(
    warnings.filter((message) => message.includes('too many notifications at once')).length <= 1,
    true,
  );

  const runs = host.store.runs.list({ appId: steady.id });
  console.error(
    runs
      .map((run) => `${run.startedAt - floodStart} +${(run.endedAt ?? 0) - run.startedAt} ${run.outcome}`)
      .join('\n'),
  );
  const during = runs.filter((run) => run.startedAt >= floodStart && run.startedAt <= floodEnd);
  assert.ok(during.length >= 1, 'the steady app’s task started while the other app flooded');
});

test('the host’s own budget: per page and per app, whatever the shim did; a badge is still answered', () => {
  const origin = 'https://app.example';
  let now = 0;
  const warnings: string[] = [];
  const logger: Logger = { ...silentLogger, warn: (_fields, message) => warnings.push(message) };
  const endpoint = new ShimEndpoint(
    new RecordingEngineHost([origin]),
    logger,
    new CallBudget(DEFAULT_CALL_BUDGET, () => now),
  );
  const facts = { hasActiveWorker: () => true, hasWindowClient: () => true };
  const call = (method: 'getTags' | 'showNotification' | 'setBadge', pageKey: string) => {
    const params =
      method === 'getTags'
        ? { scope: `${origin}/` }
        : method === 'setBadge'
          ? { badge: 3 }
          : { scope: `${origin}/`, title: 't', options: NOTIFICATION_OPTIONS };
    const reply = endpoint.answer(
      { kind: 'page', frameOrigin: origin, pageKey },
      { type: 'call', id: 1, method, params } as ShimCall,
      facts,
    );
    return reply.ok ? 'ok' : reply.error.name;
  };
  const { perCaller, perApp } = DEFAULT_CALL_BUDGET;
  for (let index = 0; index < perCaller.burst; index += 1) assert.equal(call('getTags', 'page 1'), 'ok');
  assert.equal(call('getTags', 'page 1'), 'QuotaExceededError');
  assert.equal(call('showNotification', 'page 1'), 'TypeError');
  assert.equal(call('setBadge', 'page 1'), 'ok', 'the latest badge is taken even over budget');
  // Another page of the same app has its own budget, until the app's is spent.
  const left = perApp.burst - perCaller.burst;
  for (let index = 0; index < left; index += 1) assert.equal(call('getTags', 'page 2'), 'ok');
  assert.equal(call('getTags', 'page 2'), 'QuotaExceededError');
  assert.equal(warnings.length, 2, 'one warning per burst: the page’s, then the app’s');
  // The budget refills with time.
  now += 1000;
  assert.equal(call('getTags', 'page 1'), 'ok');
  for (let index = 0; index < 1000; index += 1) call('getTags', 'page 1');
  assert.equal(warnings.length, 2, 'a burst that goes on is not logged again');
});
