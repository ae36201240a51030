import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fixtureApp } from '../helpers/fixture-app.ts';
import { HOUR, MINUTE, makeHarness } from '../helpers/harness.ts';
import { heldBehaviour } from '../helpers/test-engine.ts';

/** Floor 0 so tests pick any interval; a long time limit so events held open by a test do not time out. */
const fast = { minIntervalFloorMs: 0, eventTimeLimitMs: 24 * HOUR };

test('the first event is due one interval after registration, the next one interval after completion', async (t) => {
  const h = await makeHarness(t, { settings: fast });
  const registeredAt = h.clock.now();
  h.host.core.register(h.app.id, h.scope, 'news', HOUR);
  await h.clock.advance(HOUR - 1);
  assert.equal(h.engine.dispatches.length, 0);
  const held = heldBehaviour();
  h.engine.behaviour = held.behaviour;
  await h.clock.advance(1);
  assert.equal(h.engine.dispatches.length, 1);
  await h.clock.advance(10 * MINUTE); // the event takes 10 minutes
  held.release();
  await h.clock.advance(0);
  const [run] = h.host.store.runs.list();
  assert.equal(run?.outcome, 'success');
  assert.equal(run?.trigger, 'scheduled');
  assert.equal(run?.startedAt, registeredAt + HOUR);
  assert.equal(run?.durationMs, 10 * MINUTE);
  const registration = h.host.store.registrations.get(h.scope, 'news');
  assert.equal(registration?.nextDueAt, registeredAt + 2 * HOUR + 10 * MINUTE);
  assert.equal(registration?.lastOutcome, 'success');
});

test('a failing event is retried 5 then 15 minutes later, then waits a whole interval', async (t) => {
  const h = await makeHarness(t, { settings: fast });
  h.host.core.register(h.app.id, h.scope, 'fail', HOUR);
  await h.clock.advance(HOUR);
  await h.clock.advance(5 * MINUTE);
  await h.clock.advance(15 * MINUTE);
  const runs = h.host.store.runs.list().reverse();
  assert.deepEqual(
    runs.map((run) => [run.trigger, run.attempt, run.outcome]),
    [
      ['scheduled', 1, 'failed'],
      ['retry', 2, 'failed'],
      ['retry', 3, 'failed'],
    ],
  );
  assert.equal(runs[1]?.startedAt, (runs[0]?.startedAt ?? 0) + 5 * MINUTE);
  assert.equal(runs[2]?.startedAt, (runs[1]?.startedAt ?? 0) + 15 * MINUTE);
  assert.match(runs[0]?.error ?? '', /rejected/);
  const registration = h.host.store.registrations.get(h.scope, 'fail');
  assert.equal(registration?.attempt, 0);
  assert.equal(registration?.nextDueAt, (runs[2]?.endedAt ?? 0) + HOUR);
  await h.clock.advance(HOUR - 1);
  assert.equal(h.engine.dispatches.length, 3);
});

test('retry count and delays are configurable', async (t) => {
  const h = await makeHarness(t, { settings: { ...fast, maxAttemptsPerPeriod: 2, retryDelaysMs: [MINUTE] } });
  h.host.core.register(h.app.id, h.scope, 'fail', HOUR);
  await h.clock.advance(HOUR + MINUTE);
  assert.equal(h.engine.dispatches.length, 2);
  assert.equal(h.host.store.registrations.get(h.scope, 'fail')?.attempt, 0);
});

test('a success after a failure starts a new period', async (t) => {
  const h = await makeHarness(t, { settings: fast });
  h.host.core.register(h.app.id, h.scope, 'flaky', HOUR);
  let calls = 0;
  h.engine.behaviour = async () =>
    ++calls === 1 ? { status: 'failed', error: 'first try fails' } : { status: 'success' };
  await h.clock.advance(HOUR + 5 * MINUTE);
  const registration = h.host.store.registrations.get(h.scope, 'flaky');
  assert.equal(registration?.attempt, 0);
  assert.equal(registration?.nextDueAt, h.clock.now() + HOUR);
});

test('an event that exceeds its time limit is recorded as timed out and retried', async (t) => {
  const h = await makeHarness(t, { settings: { ...fast, eventTimeLimitMs: 3 * MINUTE } });
  const held = heldBehaviour();
  h.engine.behaviour = held.behaviour;
  h.host.core.register(h.app.id, h.scope, 'slow', HOUR);
  await h.clock.advance(HOUR);
  assert.equal(h.engine.dispatches[0]?.timeLimitMs, 3 * MINUTE);
  await h.clock.advance(3 * MINUTE);
  const [run] = h.host.store.runs.list();
  assert.equal(run?.outcome, 'timed-out');
  assert.match(run?.error ?? '', /time limit of 180000 ms/);
  assert.equal(h.host.core.eventsInFlight, 0);
  assert.equal(h.host.store.registrations.get(h.scope, 'slow')?.attempt, 1);
});

test('one event per registration at a time, and at most maxConcurrentEvents workers at once', async (t) => {
  const h = await makeHarness(t, { settings: { ...fast, maxConcurrentEvents: 2 } });
  const held = heldBehaviour();
  h.engine.behaviour = held.behaviour;
  for (const tag of ['a', 'b', 'c']) h.host.core.register(h.app.id, h.scope, tag, MINUTE);
  await h.clock.advance(MINUTE);
  assert.deepEqual(h.engine.tagsDispatched(), ['a', 'b']);
  await h.clock.advance(5 * MINUTE); // 'a' and 'b' are still running: neither fires again
  assert.equal(h.engine.dispatches.length, 2);
  held.release();
  await h.clock.advance(0);
  assert.deepEqual(h.engine.tagsDispatched(), ['a', 'b', 'c']);
  held.release();
  held.release();
  await h.clock.advance(0);
  assert.equal(h.host.core.eventsInFlight, 0);
});

test('re-registering a tag while it fires marks it, then reschedules from completion with the new interval', async (t) => {
  const h = await makeHarness(t, { settings: fast });
  const held = heldBehaviour();
  h.engine.behaviour = held.behaviour;
  h.host.core.register(h.app.id, h.scope, 'news', HOUR);
  await h.clock.advance(HOUR);
  const during = h.host.core.register(h.app.id, h.scope, 'news', 2 * HOUR);
  assert.equal(during.reregisteredWhileFiring, true);
  assert.equal(during.minIntervalMs, 2 * HOUR);
  await h.clock.advance(MINUTE);
  held.release({ status: 'failed', error: 'failed, but the registration is fresh' });
  await h.clock.advance(0);
  const after = h.host.store.registrations.get(h.scope, 'news');
  assert.equal(after?.reregisteredWhileFiring, false);
  assert.equal(after?.attempt, 0, 'a fresh registration is not retried for the old one');
  assert.equal(after?.nextDueAt, h.clock.now() + 2 * HOUR);
});

test('unregistered and registered again while firing: the new registration waits for the old event', async (t) => {
  const h = await makeHarness(t, { settings: fast });
  const held = heldBehaviour();
  h.engine.behaviour = held.behaviour;
  h.host.core.register(h.app.id, h.scope, 'news', MINUTE);
  await h.clock.advance(MINUTE);
  h.host.core.unregister(h.scope, 'news');
  h.host.core.register(h.app.id, h.scope, 'news', 0);
  await h.clock.advance(10 * MINUTE);
  assert.equal(h.engine.dispatches.length, 1, 'the same tag never runs twice at once');
  held.release();
  await h.clock.advance(0);
  assert.equal(h.host.store.registrations.get(h.scope, 'news')?.nextDueAt, h.clock.now());
  await h.clock.advance(0);
  assert.equal(h.engine.dispatches.length, 2);
});

test('nothing fires while offline; going online fires what is due at once, as one event each', async (t) => {
  const h = await makeHarness(t, { settings: fast, online: false });
  h.host.core.register(h.app.id, h.scope, 'news', HOUR);
  await h.clock.advance(5 * HOUR);
  assert.equal(h.engine.dispatches.length, 0);
  assert.equal(h.clock.pendingTimers, 0, 'no timer runs while offline');
  h.connectivity.set(true);
  await h.clock.advance(0);
  assert.deepEqual(h.engine.tagsDispatched(), ['news']);
  assert.equal(h.host.store.runs.list()[0]?.trigger, 'catch-up');
});

test('going offline stops firing; the due registration waits for connectivity', async (t) => {
  const h = await makeHarness(t, { settings: fast });
  h.host.core.register(h.app.id, h.scope, 'news', HOUR);
  h.connectivity.set(false);
  await h.clock.advance(2 * HOUR);
  assert.equal(h.engine.dispatches.length, 0);
  h.connectivity.set(true);
  await h.clock.advance(0);
  assert.equal(h.engine.dispatches.length, 1);
});

test('periods missed while the host was down coalesce into one catch-up event', async (t) => {
  const h = await makeHarness(t, { settings: fast });
  h.host.core.register(h.app.id, h.scope, 'news', HOUR);
  h.host.core.register(h.app.id, h.scope, 'other', HOUR);
  await h.host.close();
  await h.clock.advance(10 * HOUR);
  await h.reopen(fast);
  await h.clock.advance(0);
  assert.deepEqual(h.engine.tagsDispatched().sort(), ['news', 'other']);
  assert.deepEqual(
    h.host.store.runs.list().map((run) => run.trigger),
    ['catch-up', 'catch-up'],
  );
  await h.clock.advance(HOUR - 1);
  assert.equal(h.engine.dispatches.length, 2);
});

test('after sleep (a wall-clock jump the timers did not see) overdue registrations fire once on resume', async (t) => {
  const h = await makeHarness(t, { settings: fast });
  h.host.core.register(h.app.id, h.scope, 'news', HOUR);
  h.clock.jumpWallClock(8 * HOUR);
  h.host.core.notifyResumed();
  await h.clock.advance(0);
  assert.deepEqual(h.engine.tagsDispatched(), ['news']);
  assert.equal(h.host.store.runs.list()[0]?.trigger, 'catch-up');
});

test('a backward clock jump noticed on wake pulls far-future due times back to one interval from now', async (t) => {
  const h = await makeHarness(t, { settings: fast });
  h.host.core.register(h.app.id, h.scope, 'soon', MINUTE);
  h.host.core.register(h.app.id, h.scope, 'daily', 24 * HOUR);
  h.clock.jumpWallClock(-30 * 24 * HOUR); // the user set the clock back a month
  await h.clock.advance(MINUTE); // wakes (steady time) for 'soon' and notices the jump
  const daily = h.host.store.registrations.get(h.scope, 'daily');
  assert.ok(daily && daily.nextDueAt <= h.clock.now() + 24 * HOUR);
});

test('a paused app does not fire; resuming fires what became due', async (t) => {
  const h = await makeHarness(t, { settings: fast });
  h.host.core.register(h.app.id, h.scope, 'news', HOUR);
  h.host.store.apps.setPaused(h.app.id, true);
  h.host.core.plan();
  await h.clock.advance(3 * HOUR);
  assert.equal(h.engine.dispatches.length, 0);
  h.host.store.apps.setPaused(h.app.id, false);
  h.host.core.plan();
  await h.clock.advance(0);
  assert.equal(h.engine.dispatches.length, 1);
});

test('manual run fires now regardless of interval and returns the outcome; offline is refused', async (t) => {
  const h = await makeHarness(t, { settings: fast });
  h.host.core.register(h.app.id, h.scope, 'news', 24 * HOUR);
  const run = await h.host.core.runNow(h.scope, 'news');
  assert.equal(run.trigger, 'manual');
  assert.equal(run.outcome, 'success');
  assert.equal(h.host.store.registrations.get(h.scope, 'news')?.nextDueAt, h.clock.now() + 24 * HOUR);
  h.host.core.register(h.app.id, h.scope, 'fail', 24 * HOUR);
  const failed = await h.host.core.runNow(h.scope, 'fail');
  assert.equal(failed.outcome, 'failed');
  h.connectivity.set(false);
  await assert.rejects(h.host.core.runNow(h.scope, 'news'), /offline/);
  await assert.rejects(h.host.core.runNow(h.scope, 'missing'), /No periodic sync registration/);
});

test('a worker registration the app unregistered takes its periodic registrations with it', async (t) => {
  const h = await makeHarness(t, { settings: fast });
  h.host.core.register(h.app.id, h.scope, 'news', HOUR);
  h.engine.unregisterWorker(h.scope);
  assert.deepEqual(h.host.core.getTags(h.scope), []);
});

test('a worker registration the browser lost (the app did not unregister it) keeps its registrations', async (t) => {
  const h = await makeHarness(t, { settings: fast });
  const missing: unknown[] = [];
  h.host.core.events.on('worker-missing', (report) => missing.push(report));
  h.host.core.register(h.app.id, h.scope, 'news', HOUR);
  h.engine.removeWorker(h.scope);
  assert.deepEqual(h.host.core.getTags(h.scope), ['news']);
  assert.deepEqual(missing, [{ scope: h.scope, reason: 'deleted' }]);
});

test('a worker missing at dispatch time fails the run, keeps its registrations and reports it missing', async (t) => {
  const h = await makeHarness(t, { settings: fast });
  const missing: unknown[] = [];
  h.host.core.events.on('worker-missing', (report) => missing.push(report));
  h.host.core.register(h.app.id, h.scope, 'news', HOUR);
  h.engine.workers.clear();
  await h.clock.advance(HOUR);
  const [run] = h.host.store.runs.list();
  assert.equal(run?.outcome, 'failed');
  assert.match(run?.error ?? '', /No service worker is registered.*registrations are kept/);
  assert.deepEqual(h.host.core.getTags(h.scope), ['news']);
  assert.deepEqual(missing, [{ scope: h.scope, reason: 'not-found' }]);
});

test('run history keeps at most runsKeptPerRegistration runs per registration', async (t) => {
  const h = await makeHarness(t, { settings: { ...fast, runsKeptPerRegistration: 3 } });
  h.host.core.register(h.app.id, h.scope, 'news', MINUTE);
  for (let i = 0; i < 6; i += 1) await h.clock.advance(MINUTE);
  assert.equal(h.engine.dispatches.length, 6);
  assert.equal(h.host.store.runs.list().length, 3);
});

test('closing the host with an event in flight records it as interrupted and makes it due again', async (t) => {
  const h = await makeHarness(t, { settings: fast });
  h.engine.behaviour = heldBehaviour().behaviour;
  h.host.core.register(h.app.id, h.scope, 'news', HOUR);
  await h.clock.advance(HOUR);
  await h.host.close(10);
  await h.reopen(fast);
  await h.clock.advance(0);
  const [again, interrupted] = h.host.store.runs.list();
  assert.equal(interrupted?.outcome, 'interrupted');
  assert.equal(again?.outcome, null, 'it is due again and fires at once');
  assert.equal(h.engine.dispatches.length, 2);
});

test('no timer is set when nothing is registered', async (t) => {
  const h = await makeHarness(t, { settings: fast });
  assert.equal(h.clock.pendingTimers, 0);
  assert.equal(h.host.core.nextWakeAt, undefined);
  h.host.core.register(h.app.id, h.scope, 'news', HOUR);
  assert.equal(h.host.core.nextWakeAt, h.clock.now() + HOUR);
  assert.equal(h.clock.pendingTimers, 1);
});

test('runDue fires everything due, waits for it, and leaves the rest scheduled (serve --run-due)', async (t) => {
  const h = await makeHarness(t, { settings: { ...fast, maxConcurrentEvents: 1 } });
  await h.host.core.stop();
  h.host.core.register(h.app.id, h.scope, 'a', HOUR);
  h.host.core.register(h.app.id, h.scope, 'b', HOUR);
  h.host.core.register(h.app.id, h.scope, 'later', 3 * HOUR);
  h.clock.jumpWallClock(2 * HOUR);
  const runs = await h.host.core.runDue();
  assert.deepEqual(runs.map((run) => [run.tag, run.outcome, run.trigger]).sort(), [
    ['a', 'success', 'catch-up'],
    ['b', 'success', 'catch-up'],
  ]);
  assert.equal(h.host.core.nextDueAt(), h.host.store.registrations.get(h.scope, 'later')?.nextDueAt);
});

test('an event whose app was uninstalled ends without touching the run of another app that took its run’s id', async (t) => {
  const h = await makeHarness(t, { settings: fast });
  const held = heldBehaviour();
  h.engine.behaviour = held.behaviour;
  const mail = h.host.store.apps.upsert(fixtureApp('https://mail.example', 'Mail'), h.clock.now());
  h.engine.workers.add(mail.scope);
  h.host.core.register(h.app.id, h.scope, 'news', HOUR);
  h.host.core.register(mail.id, mail.scope, 'mail', HOUR);
  const finished: [string, string | null][] = [];
  h.host.core.events.on('run-finished', (run) => finished.push([run.tag, run.outcome]));
  const news = h.host.core.runNow(h.scope, 'news');
  await h.clock.advance(0);
  h.host.store.apps.delete(h.app.id); // uninstalled while its event runs: its run row goes with it
  const mailRun = h.host.core.runNow(mail.scope, 'mail'); // SQLite hands this run the removed run's id
  await h.clock.advance(0);

  held.release({ status: 'failed', error: 'the news worker failed' });
  assert.equal((await news).outcome, 'failed');
  const [open] = h.host.store.runs.list({ appId: mail.id });
  assert.deepEqual([open?.tag, open?.outcome, open?.error], ['mail', null, null], 'Mail’s run is still open');
  assert.deepEqual(finished, [['news', 'failed']]);

  held.release();
  assert.equal((await mailRun).outcome, 'success');
  assert.deepEqual(
    h.host.store.runs.list({ appId: mail.id }).map((run) => [run.tag, run.outcome, run.error]),
    [['mail', 'success', null]],
  );
});
