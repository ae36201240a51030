/**
 * The core's side of the browser on demand, over the test engine: it reports its schedule (next due time,
 * events in flight, the browser-idle setting) whenever that changes, and a manual run holds the browser
 * for exactly as long as its event runs.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MINUTE, makeHarness } from '../helpers/harness.ts';
import { settle } from '../helpers/settle.ts';
import { heldBehaviour } from '../helpers/test-engine.ts';

test('the core reports the next due time, events in flight and browser-idle to the engine', async (t) => {
  const { host, engine, app, scope, clock, connectivity } = await makeHarness(t, {
    settings: { browserIdleMs: 2000 },
  });
  const last = () => engine.demands.at(-1);
  const registration = host.core.register(app.id, scope, 'news', 10 * MINUTE);
  assert.deepEqual(last(), { nextDueAt: registration.nextDueAt, eventsInFlight: 0, idleMs: 2000 });

  const held = heldBehaviour();
  engine.behaviour = held.behaviour;
  await clock.advance(registration.nextDueAt - clock.now());
  await settle();
  assert.equal(last()?.eventsInFlight, 1, 'an event in flight is reported');
  held.release();
  await settle();
  assert.equal(last()?.eventsInFlight, 0);
  const next = host.core.nextDueAt();
  assert.ok(next !== undefined && next > clock.now());
  assert.equal(last()?.nextDueAt, next);

  connectivity.set(false);
  await settle();
  assert.equal(last()?.nextDueAt, undefined, 'offline: nothing can fire, so nothing is due for the browser');
  connectivity.set(true);
  await settle();
  assert.equal(last()?.nextDueAt, next);

  host.core.updateSettings({ ...host.core.settings, browserIdleMs: null });
  assert.equal(last()?.idleMs, null, 'browser-idle off is passed on');
});

test('a manual run holds the browser until its event ends; a refused one never starts it', async (t) => {
  const { host, engine, app, scope } = await makeHarness(t);
  host.core.register(app.id, scope, 'news', 60 * MINUTE);
  const held = heldBehaviour();
  engine.behaviour = held.behaviour;
  const run = host.core.runNow(scope, 'news');
  await settle();
  assert.equal(engine.holds, 1);
  held.release();
  assert.equal((await run).outcome, 'success');
  assert.equal(engine.holds, 0);

  await assert.rejects(host.core.runNow(scope, 'unknown'), /No periodic sync registration/);
  assert.equal(engine.holds, 0);
});
