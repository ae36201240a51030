import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CallBudget, DEFAULT_CALL_BUDGET } from '../../app/engine/call-budget.ts';
import { ShimEndpoint } from '../../app/engine/shim-endpoint.ts';
import { SHIM_CALL_BUDGET } from '../../app/engine/shim-limits.ts';
import type { ShimCall } from '../../app/engine/shim-messages.ts';
import { type Logger, silentLogger } from '../../app/logging/logger.ts';
import { RecordingEngineHost } from '../contract/engine-contract.ts';
import { floodScenario } from '../helpers/flood-scenario.ts';
import { notificationOptions } from '../helpers/notification-options.ts';

const FLOOD_SECONDS = 6;

/** A logger that keeps the warnings and errors, to count what a flood made the host say. */
function warningsLogger(): { logger: Logger; warnings: string[] } {
  const warnings: string[] = [];
  const keep = (_fields: Record<string, unknown>, message: string) => warnings.push(message);
  return { logger: { ...silentLogger, warn: keep, error: keep }, warnings };
}

test('a page flooding the host with notifications is held to its budget; another app’s task keeps running', {
  timeout: 180_000,
}, async (t) => {
  const { logger, warnings } = warningsLogger();
  const scenario = await floodScenario(logger, { taskMs: 2000, intervalMs: 3000 });
  t.after(() => scenario.close());
  const { host, steady, flooder } = scenario;
  // Counted as they come: the store keeps only an app's latest 500 notifications.
  let recorded = 0;
  t.after(
    host.notifications.events.on('notification-shown', (record) => {
      if (record.appId === flooder.id) recorded += 1;
    }),
  );

  const floodStart = Date.now();
  const made = await scenario.flood(FLOOD_SECONDS);
  const floodEnd = Date.now();

  const { burst, perSecond } = SHIM_CALL_BUDGET;
  const allowed = burst + perSecond * ((floodEnd - floodStart) / 1000 + 5);
  assert.ok(made > allowed * 4, `the page made ${made} notifications, far more than its budget`);
  assert.ok(recorded <= allowed, `${recorded} of ${made} notifications were recorded (budget ${allowed})`);
  const refusals = warnings.filter((message) => message.includes('calls the host too often'));
  assert.equal(refusals.length, 1, `one warning for the burst: ${JSON.stringify(warnings.slice(0, 5))}`);
  assert.ok(warnings.filter((message) => message.includes('too many notifications at once')).length <= 1);

  const during = host.store.runs
    .list({ appId: steady.id })
    .filter((run) => run.startedAt >= floodStart && run.startedAt <= floodEnd);
  assert.ok(during.length >= 1, 'the steady app’s task started while the other app flooded');
});

test('the host’s own budget: per page and per app, whatever the shim did; a badge is still answered', () => {
  const origin = 'https://app.example';
  let now = 0;
  const { logger, warnings } = warningsLogger();
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
          : { scope: `${origin}/`, title: 't', options: notificationOptions() };
    const reply = endpoint.answer(
      { kind: 'page', frameOrigin: origin, frameUrl: `${origin}/`, pageKey },
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
