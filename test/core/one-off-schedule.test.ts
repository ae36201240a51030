/**
 * One-off Background Sync in the core, on the test engine, a real SQLite file and a manual clock: fired at
 * once when online, retried 5 then 15 minutes later with lastChance on the last attempt, one sync per tag,
 * removed after a success or its last attempt, and sharing the schedule, the worker slots and the run
 * history with the periodic syncs.
 */
import assert from 'node:assert/strict';
import { type TestContext, test } from 'node:test';
import { PeriodicSyncError } from '../../app/base/errors.ts';
import { fixtureApp } from '../helpers/fixture-app.ts';
import { HOUR, MINUTE, makeHarness } from '../helpers/harness.ts';
import { settle } from '../helpers/settle.ts';
import { heldBehaviour } from '../helpers/test-engine.ts';

/** A long time limit, so events a test holds open do not time out. */
const held = { eventTimeLimitMs: 24 * HOUR, minIntervalFloorMs: 0 };

/** A host whose engine holds events open, with the sync 'outbox' registered and its first event running. */
async function outboxFiring(t: TestContext) {
  const h = await makeHarness(t, { settings: held });
  const hold = heldBehaviour();
  h.engine.behaviour = hold.behaviour;
  h.host.core.registerOneOff(h.app.id, h.scope, 'outbox');
  await h.clock.advance(0);
  return { h, hold };
}

const oneOffRuns = (h: Awaited<ReturnType<typeof makeHarness>>) =>
  h.host.store.runs
    .list({ limit: 100 })
    .filter((run) => run.kind === 'one-off')
    .reverse();

test('registered while online, a sync fires at once as attempt 1 of 3 and is gone after its success', async (t) => {
  const h = await makeHarness(t);
  const registeredAt = h.clock.now();
  h.host.core.registerOneOff(h.app.id, h.scope, 'outbox');
  assert.deepEqual(h.host.core.getOneOffTags(h.scope), ['outbox']);
  await h.clock.advance(0);
  assert.deepEqual(
    h.engine.dispatches.map((dispatch) => [dispatch.kind, dispatch.tag, dispatch.lastChance]),
    [['one-off', 'outbox', false]],
  );
  const [run] = oneOffRuns(h);
  assert.equal(run?.startedAt, registeredAt, 'no wait at all');
  assert.deepEqual(
    [run?.kind, run?.trigger, run?.attempt, run?.maxAttempts, run?.lastChance, run?.outcome],
    ['one-off', 'scheduled', 1, 3, false, 'success'],
  );
  assert.equal(run?.registrationId, null);
  assert.deepEqual(h.host.core.getOneOffTags(h.scope), []);
  assert.equal(h.host.store.oneOffSyncs.list().length, 0);
  assert.equal(h.clock.pendingTimers, 0, 'nothing left to wake for');
});

test('a failing sync is tried 3 times, 5 then 15 minutes apart, lastChance on the last only, then dropped', async (t) => {
  const h = await makeHarness(t);
  h.host.core.registerOneOff(h.app.id, h.scope, 'fail');
  await h.clock.advance(0);
  const pending = h.host.store.oneOffSyncs.get(h.scope, 'fail');
  assert.equal(pending?.attemptsMade, 1);
  assert.equal(pending?.nextAttemptAt, h.clock.now() + 5 * MINUTE);
  assert.equal(pending?.lastOutcome, 'failed');
  assert.match(pending?.lastError ?? '', /rejected/);
  assert.equal(h.host.core.nextDueAt(), pending?.nextAttemptAt, 'the OS wake-up would be set for it');
  await h.clock.advance(5 * MINUTE - 1);
  assert.equal(h.engine.dispatches.length, 1);
  await h.clock.advance(1);
  await h.clock.advance(15 * MINUTE);
  const runs = oneOffRuns(h);
  assert.deepEqual(
    runs.map((run) => [run.trigger, run.attempt, run.maxAttempts, run.lastChance, run.outcome]),
    [
      ['scheduled', 1, 3, false, 'failed'],
      ['retry', 2, 3, false, 'failed'],
      ['retry', 3, 3, true, 'failed'],
    ],
  );
  assert.equal(runs[1]?.startedAt, (runs[0]?.endedAt ?? 0) + 5 * MINUTE);
  assert.equal(runs[2]?.startedAt, (runs[1]?.endedAt ?? 0) + 15 * MINUTE);
  assert.deepEqual(
    h.engine.dispatches.map((dispatch) => dispatch.lastChance),
    [false, false, true],
  );
  assert.equal(h.host.store.oneOffSyncs.get(h.scope, 'fail'), undefined, 'dropped after its last attempt');
  assert.deepEqual(h.host.core.getOneOffTags(h.scope), []);
  await h.clock.advance(HOUR);
  assert.equal(h.engine.dispatches.length, 3);
});

test('one-off attempts and delays are their own settings; the periodic ones do not govern them', async (t) => {
  const h = await makeHarness(t, {
    settings: {
      maxAttemptsPerPeriod: 1,
      retryDelaysMs: [HOUR],
      oneOffMaxAttempts: 4,
      oneOffRetryDelaysMs: [MINUTE],
    },
  });
  h.host.core.registerOneOff(h.app.id, h.scope, 'fail');
  await h.clock.advance(0);
  await h.clock.advance(3 * MINUTE);
  assert.deepEqual(
    oneOffRuns(h).map((run) => [run.attempt, run.maxAttempts, run.lastChance]),
    [
      [1, 4, false],
      [2, 4, false],
      [3, 4, false],
      [4, 4, true],
    ],
  );
  assert.equal(h.host.store.oneOffSyncs.list().length, 0);
});

test('registering a pending tag again keeps one sync, with its attempts and retry time', async (t) => {
  const h = await makeHarness(t);
  h.host.core.registerOneOff(h.app.id, h.scope, 'fail');
  await h.clock.advance(0);
  const before = h.host.store.oneOffSyncs.get(h.scope, 'fail');
  const changes: string[] = [];
  h.host.core.events.on('registrations-changed', (change) => changes.push(change.kind));
  const again = h.host.core.registerOneOff(h.app.id, h.scope, 'fail');
  await h.clock.advance(MINUTE);
  assert.equal(h.host.store.oneOffSyncs.list().length, 1);
  assert.deepEqual(h.host.store.oneOffSyncs.get(h.scope, 'fail'), before);
  assert.equal(again.id, before?.id);
  assert.equal(h.engine.dispatches.length, 1, 'no extra attempt');
  assert.deepEqual(changes, [], 'nothing changed, nothing reported');
});

test('registering a tag whose event runs fires it once more afterwards, however often it is registered', async (t) => {
  const { h, hold } = await outboxFiring(t);
  assert.equal(h.engine.dispatches.length, 1);
  assert.equal(h.host.core.registerOneOff(h.app.id, h.scope, 'outbox').reregisteredWhileFiring, true);
  h.host.core.registerOneOff(h.app.id, h.scope, 'outbox');
  assert.deepEqual(h.host.core.getOneOffTags(h.scope), ['outbox'], 'a firing sync is still one of its tags');
  hold.release({ status: 'failed', error: 'the server was down' });
  await h.clock.advance(0);
  assert.equal(h.engine.dispatches.length, 2, 'once more, at once');
  const again = h.host.store.oneOffSyncs.get(h.scope, 'outbox');
  assert.equal(again?.firing, true);
  assert.equal(again?.attemptsMade, 0, 'its attempts start over');
  hold.release();
  await h.clock.advance(0);
  assert.equal(h.host.store.oneOffSyncs.list().length, 0);
  assert.deepEqual(
    oneOffRuns(h).map((run) => [run.attempt, run.outcome]),
    [
      [1, 'failed'],
      [1, 'success'],
    ],
  );
});

test('offline, a sync waits; it fires the moment the network is back', async (t) => {
  const h = await makeHarness(t, { online: false });
  h.host.core.registerOneOff(h.app.id, h.scope, 'outbox');
  await h.clock.advance(HOUR);
  assert.equal(h.engine.dispatches.length, 0);
  const backAt = h.clock.now();
  h.connectivity.set(true);
  await h.clock.advance(0);
  assert.equal(h.engine.dispatches.length, 1);
  assert.equal(oneOffRuns(h)[0]?.startedAt, backAt);
});

test('a sync that failed because the network went waits its retry delay, not the network', async (t) => {
  const h = await makeHarness(t);
  h.engine.behaviour = async () => ({ status: 'failed', error: 'TypeError: Failed to fetch' });
  h.host.core.registerOneOff(h.app.id, h.scope, 'outbox');
  await h.clock.advance(0);
  h.connectivity.set(false);
  h.engine.behaviour = async () => ({ status: 'success' });
  await h.clock.advance(10 * MINUTE);
  assert.equal(h.engine.dispatches.length, 1, 'its retry came due offline and waits');
  h.connectivity.set(true);
  await h.clock.advance(0);
  assert.equal(h.engine.dispatches.length, 2);
  assert.equal(h.host.store.oneOffSyncs.list().length, 0);
});

test('an event past the time limit is timed out and counts as an attempt', async (t) => {
  const h = await makeHarness(t, { settings: { eventTimeLimitMs: 3 * MINUTE } });
  h.host.core.registerOneOff(h.app.id, h.scope, 'hang');
  await h.clock.advance(0);
  assert.equal(h.engine.dispatches[0]?.timeLimitMs, 3 * MINUTE, 'Chromium’s 3-minute event limit');
  await h.clock.advance(3 * MINUTE);
  await h.clock.advance(5000);
  const [run] = oneOffRuns(h);
  assert.equal(run?.outcome, 'timed-out');
  assert.equal(h.host.store.oneOffSyncs.get(h.scope, 'hang')?.attemptsMade, 1);
});

test('a periodic registration and a one-off sync may share a tag; each fires as its own kind', async (t) => {
  const h = await makeHarness(t, { settings: held });
  h.host.core.register(h.app.id, h.scope, 'news', HOUR);
  h.host.core.registerOneOff(h.app.id, h.scope, 'news');
  await h.clock.advance(HOUR);
  assert.deepEqual(
    h.engine.dispatches.map((dispatch) => [dispatch.kind, dispatch.tag]),
    [
      ['one-off', 'news'],
      ['periodic', 'news'],
    ],
  );
  assert.deepEqual(h.host.core.getTags(h.scope), ['news']);
  assert.deepEqual(h.host.core.getOneOffTags(h.scope), []);
});

test('one-off and periodic events share the worker slots (concurrency)', async (t) => {
  const h = await makeHarness(t, { settings: { ...held, maxConcurrentEvents: 2 } });
  const hold = heldBehaviour();
  h.engine.behaviour = hold.behaviour;
  h.host.core.register(h.app.id, h.scope, 'periodic', MINUTE);
  await h.clock.advance(MINUTE);
  for (const tag of ['a', 'b']) h.host.core.registerOneOff(h.app.id, h.scope, tag);
  await h.clock.advance(0);
  assert.deepEqual(h.engine.tagsDispatched(), ['periodic', 'a']);
  hold.release();
  await h.clock.advance(0);
  assert.deepEqual(h.engine.tagsDispatched(), ['periodic', 'a', 'b']);
  hold.release();
  hold.release();
  await h.clock.advance(0);
  assert.equal(h.host.core.eventsInFlight, 0);
});

test('a paused app’s syncs wait; resuming fires them', async (t) => {
  const h = await makeHarness(t);
  h.host.store.apps.setPaused(h.app.id, true);
  h.host.core.registerOneOff(h.app.id, h.scope, 'outbox');
  await h.clock.advance(HOUR);
  assert.equal(h.engine.dispatches.length, 0);
  h.host.store.apps.setPaused(h.app.id, false);
  h.host.core.plan();
  await h.clock.advance(0);
  assert.equal(h.engine.dispatches.length, 1);
});

test('a worker registration the browser lost keeps its pending syncs (and periodic registrations); the app unregistering it takes both', async (t) => {
  const h = await makeHarness(t);
  const missing: unknown[] = [];
  h.host.core.events.on('worker-missing', (report) => missing.push(report));
  h.host.core.register(h.app.id, h.scope, 'news', HOUR);
  h.host.core.registerOneOff(h.app.id, h.scope, 'fail');
  await h.clock.advance(0);
  h.engine.removeWorker(h.scope);
  assert.equal(h.host.store.oneOffSyncs.list().length, 1);
  assert.equal(h.host.store.registrations.list().length, 1);
  assert.deepEqual(missing, [{ scope: h.scope, reason: 'deleted' }]);
  h.engine.unregisterWorker(h.scope);
  assert.equal(h.host.store.oneOffSyncs.list().length, 0);
  assert.equal(h.host.store.registrations.list().length, 0);
});

test('a worker missing at dispatch time fails the attempt, keeps the pending sync and reports the worker missing', async (t) => {
  const h = await makeHarness(t);
  const missing: unknown[] = [];
  h.host.core.events.on('worker-missing', (report) => missing.push(report));
  h.engine.workers.delete(h.scope);
  h.host.core.registerOneOff(h.app.id, h.scope, 'outbox');
  await h.clock.advance(0);
  const [run] = oneOffRuns(h);
  assert.equal(run?.outcome, 'failed');
  assert.match(run?.error ?? '', /pending syncs are kept/);
  assert.deepEqual(h.host.core.getOneOffTags(h.scope), ['outbox']);
  assert.deepEqual(missing, [{ scope: h.scope, reason: 'not-found' }]);
});

test('Run now: a success completes the sync; a failure uses up none of its attempts', async (t) => {
  const h = await makeHarness(t, { online: false });
  h.host.core.registerOneOff(h.app.id, h.scope, 'fail');
  await assert.rejects(h.host.core.runOneOffNow(h.scope, 'fail'), /offline/);
  h.connectivity.set(true);
  await h.clock.advance(0);
  const before = h.host.store.oneOffSyncs.get(h.scope, 'fail');
  const manual = await h.host.core.runOneOffNow(h.scope, 'fail');
  assert.deepEqual([manual.trigger, manual.outcome, manual.lastChance], ['manual', 'failed', false]);
  const after = h.host.store.oneOffSyncs.get(h.scope, 'fail');
  assert.equal(after?.attemptsMade, before?.attemptsMade);
  assert.equal(after?.nextAttemptAt, before?.nextAttemptAt);
  h.engine.behaviour = async () => ({ status: 'success' });
  assert.equal((await h.host.core.runOneOffNow(h.scope, 'fail')).outcome, 'success');
  assert.equal(h.host.store.oneOffSyncs.list().length, 0);
  await assert.rejects(h.host.core.runOneOffNow(h.scope, 'fail'), /No pending one-off sync/);
  assert.equal(h.engine.holds, 0, 'every manual run let go of the browser');
});

test('closing the host during an event leaves the sync pending; the next start fires it again, the attempt not counted', async (t) => {
  const { h } = await outboxFiring(t);
  await h.host.close(10);
  h.engine.behaviour = async () => ({ status: 'success' });
  await h.reopen(held);
  const pending = h.host.store.oneOffSyncs.get(h.scope, 'outbox');
  assert.deepEqual([pending?.attemptsMade, pending?.lastOutcome], [0, 'interrupted']);
  assert.ok((pending?.nextAttemptAt ?? Infinity) <= h.clock.now(), 'due again at once');
  await h.clock.advance(0);
  assert.deepEqual(
    oneOffRuns(h).map((run) => [run.attempt, run.outcome]),
    [
      [1, 'interrupted'],
      [1, 'success'],
    ],
  );
  assert.equal(h.host.store.oneOffSyncs.list().length, 0);
});

test('a host that died mid-event (its run still open) finds the sync firing and fires it again', async (t) => {
  const { h } = await outboxFiring(t);
  // What a SIGKILL leaves: the row marked firing and its run open (no close, no interrupted mark).
  assert.equal(h.host.store.oneOffSyncs.get(h.scope, 'outbox')?.firing, true);
  const recovered = h.host.core.recoverInterruptedRuns();
  assert.equal(recovered.length, 1);
  const pending = h.host.store.oneOffSyncs.get(h.scope, 'outbox');
  assert.deepEqual([pending?.firing, pending?.attemptsMade, pending?.lastOutcome], [false, 0, 'interrupted']);
  assert.ok((pending?.nextAttemptAt ?? Infinity) <= h.clock.now());
});

test('runDue fires due syncs with the periodic ones and waits for them; nextDueAt names the next attempt', async (t) => {
  const h = await makeHarness(t);
  await h.host.core.stop();
  h.host.core.registerOneOff(h.app.id, h.scope, 'outbox');
  h.host.core.registerOneOff(h.app.id, h.scope, 'fail');
  h.host.core.register(h.app.id, h.scope, 'news', HOUR);
  assert.equal(h.host.core.nextDueAt(), h.clock.now());
  const runs = await h.host.core.runDue();
  assert.deepEqual(runs.map((run) => [run.kind, run.tag, run.outcome]).sort(), [
    ['one-off', 'fail', 'failed'],
    ['one-off', 'outbox', 'success'],
  ]);
  assert.equal(h.host.core.nextDueAt(), h.host.store.oneOffSyncs.get(h.scope, 'fail')?.nextAttemptAt);
  assert.equal(h.host.core.hasPendingOneOffSyncs(), true);
});

test('an origin holds at most max-tags pending syncs (QuotaExceededError); a tag over 10240 characters is refused', async (t) => {
  const h = await makeHarness(t, { online: false, settings: { maxTagsPerOrigin: 2 } });
  h.host.core.registerOneOff(h.app.id, h.scope, 'a');
  h.host.core.registerOneOff(h.app.id, h.scope, 'b');
  h.host.core.registerOneOff(h.app.id, h.scope, 'b');
  assert.throws(
    () => h.host.core.registerOneOff(h.app.id, h.scope, 'c'),
    (error) => error instanceof PeriodicSyncError && error.domName === 'QuotaExceededError',
  );
  assert.throws(
    () => h.host.core.registerOneOff(h.app.id, h.scope, 'x'.repeat(10241)),
    (error) => error instanceof PeriodicSyncError && error.domName === 'InvalidAccessError',
  );
  assert.throws(
    () => h.host.core.registerOneOff(h.app.id, 'https://elsewhere.example/', 'd'),
    (error) => error instanceof PeriodicSyncError && error.domName === 'NotAllowedError',
  );
  h.host.core.register(h.app.id, h.scope, 'periodic-a', HOUR);
  h.host.core.register(h.app.id, h.scope, 'periodic-b', HOUR);
});

test('offline with a sync pending, the browser counts as needed now: the sync fires when the link is back', async (t) => {
  const h = await makeHarness(t, { settings: { browserIdleMs: 1000 } });
  h.connectivity.set(false);
  await settle();
  assert.equal(h.engine.demands.at(-1)?.nextDueAt, undefined, 'nothing pending: nothing due');
  h.host.core.registerOneOff(h.app.id, h.scope, 'outbox');
  await settle();
  assert.equal(h.engine.demands.at(-1)?.nextDueAt, h.clock.now());
  await h.clock.advance(HOUR);
  assert.ok((h.engine.demands.at(-1)?.nextDueAt ?? Infinity) <= h.clock.now(), 'still due: kept running');
  h.connectivity.set(true);
  await h.clock.advance(0);
  assert.equal(h.engine.dispatches.length, 1);
  assert.equal(h.engine.demands.at(-1)?.nextDueAt, undefined, 'sent: nothing left to keep the browser for');
});

test('offline with a failed sync, the browser is wanted at its retry time, not before', async (t) => {
  const h = await makeHarness(t, { settings: { browserIdleMs: 1000 } });
  h.host.core.registerOneOff(h.app.id, h.scope, 'fail');
  await h.clock.advance(0);
  const retryAt = h.host.store.oneOffSyncs.get(h.scope, 'fail')?.nextAttemptAt;
  h.connectivity.set(false);
  await settle();
  assert.equal(h.engine.demands.at(-1)?.nextDueAt, retryAt);
});

test('a wall clock moved back pulls a far-away retry in to at most its longest delay', async (t) => {
  const h = await makeHarness(t);
  h.host.core.registerOneOff(h.app.id, h.scope, 'fail');
  await h.clock.advance(0);
  h.clock.jumpWallClock(-2 * HOUR);
  h.host.core.notifyResumed();
  const sync = h.host.store.oneOffSyncs.get(h.scope, 'fail');
  assert.equal(sync?.nextAttemptAt, h.clock.now() + 15 * MINUTE);
});

test('a sync registered anew while the event of its removed predecessor runs waits for it; the old outcome touches neither the new sync nor its run', async (t) => {
  const { h, hold } = await outboxFiring(t);
  assert.equal(h.engine.dispatches.length, 1);
  // The app is uninstalled and installed again while that event runs (SQLite hands out the removed rows'
  // ids again), and its worker registers the tag anew.
  h.host.store.apps.delete(h.app.id);
  h.host.store.apps.upsert(fixtureApp(h.app.origin), h.clock.now());
  h.host.core.registerOneOff(h.app.id, h.scope, 'outbox');
  await h.clock.advance(0);
  assert.equal(h.engine.dispatches.length, 1, 'one event per scope and tag at a time');
  assert.deepEqual(h.host.core.getOneOffTags(h.scope), ['outbox']);

  hold.release(); // the old event succeeds: the new sync is still to be sent
  await h.clock.advance(0);
  assert.equal(h.engine.dispatches.length, 2, 'the new sync fires once the old event ended');
  const pending = h.host.store.oneOffSyncs.get(h.scope, 'outbox');
  assert.deepEqual([pending?.firing, pending?.attemptsMade], [true, 0]);
  assert.deepEqual(
    oneOffRuns(h).map((run) => [run.attempt, run.outcome]),
    [[1, null]],
    'the new run is open: the old outcome was not written onto it',
  );

  hold.release({ status: 'failed', error: 'the server was down' });
  await h.clock.advance(0);
  assert.deepEqual(
    [h.host.store.oneOffSyncs.get(h.scope, 'outbox')?.attemptsMade, oneOffRuns(h).at(-1)?.outcome],
    [1, 'failed'],
    'its own failure counts, and it waits for its retry',
  );
});

test('attempts that find the worker missing use up none of the sync’s: it waits its retry delay and is never dropped for it', async (t) => {
  const h = await makeHarness(t);
  h.engine.workers.delete(h.scope); // the profile lost it; the app did not unregister it
  h.host.core.registerOneOff(h.app.id, h.scope, 'outbox');
  await h.clock.advance(0);
  for (let retry = 0; retry < 5; retry += 1) await h.clock.advance(15 * MINUTE);
  const runs = oneOffRuns(h);
  assert.ok(runs.length >= 6, `tried at each retry time (${runs.length} runs)`);
  assert.ok(runs.every((run) => run.outcome === 'failed' && run.attempt === 1 && !run.lastChance));
  const pending = h.host.store.oneOffSyncs.get(h.scope, 'outbox');
  assert.deepEqual([pending?.attemptsMade, pending?.lastOutcome], [0, 'failed']);
  assert.match(pending?.lastError ?? '', /pending syncs are kept/);

  h.engine.workers.add(h.scope); // the app's start page registered it again
  await h.clock.advance(15 * MINUTE);
  assert.equal(oneOffRuns(h).at(-1)?.outcome, 'success');
  assert.deepEqual(h.host.core.getOneOffTags(h.scope), []);
});

test('an attempt the browser’s exit cut short uses up none of the sync’s, the last one included: it fires again once the browser is back', async (t) => {
  const h = await makeHarness(t);
  // What the Chromium engine does when its browser dies: it restarts it, and fails what ran in it.
  const browserExited = async () => {
    h.engine.setState({ status: 'restarting', attempt: 1, reason: 'Chromium exited with SIGKILL' });
    return {
      status: 'failed' as const,
      error: 'The browser exited during the event; the host is restarting it.',
      browserLost: true as const,
    };
  };
  h.host.core.registerOneOff(h.app.id, h.scope, 'fail');
  await h.clock.advance(0);
  await h.clock.advance(5 * MINUTE);
  assert.equal(h.host.store.oneOffSyncs.get(h.scope, 'fail')?.attemptsMade, 2);
  h.engine.behaviour = browserExited; // the last attempt: the browser dies under it
  await h.clock.advance(15 * MINUTE);
  const [last] = oneOffRuns(h).slice(-1);
  assert.deepEqual([last?.attempt, last?.lastChance, last?.outcome], [3, true, 'failed']);
  const pending = h.host.store.oneOffSyncs.get(h.scope, 'fail');
  assert.equal(pending?.attemptsMade, 2, 'not dropped: the app’s handler did not fail, the browser went');

  h.engine.behaviour = async () => ({ status: 'success' });
  h.engine.setState({ status: 'running' }); // the browser is back
  await h.clock.advance(0);
  assert.deepEqual(
    oneOffRuns(h)
      .slice(-1)
      .map((run) => [run.attempt, run.lastChance, run.outcome]),
    [[3, true, 'success']],
    'the last attempt again, at once',
  );
  assert.deepEqual(h.host.core.getOneOffTags(h.scope), []);
});
