/**
 * One-off syncs through the host API (what the CLI, the UI and the tray call): `syncs` lists them beside
 * the periodic registrations with their kind and next attempt, `runs` records each attempt, `run` fires
 * either kind, and the events carry them.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { HostError } from '../../app/base/errors.ts';
import type { HostEvents } from '../../app/host/host-events.ts';
import { HOUR, MINUTE, makeHarness } from '../helpers/harness.ts';
import { testEngineHostOperations } from '../helpers/host-operations.ts';
import { waitFor } from '../helpers/settle.ts';

test('syncs lists pending one-off syncs beside periodic ones, with their next attempt; runs records every attempt', async (t) => {
  const h = await makeHarness(t);
  const operations = testEngineHostOperations(h.host);
  t.after(() => operations.close());
  h.host.core.register(h.app.id, h.scope, 'news', HOUR);
  h.host.core.registerOneOff(h.app.id, h.scope, 'fail');
  await h.clock.advance(0);
  const rows = operations.syncs();
  assert.deepEqual(
    rows.map((row) => [row.kind, row.tag]),
    [
      ['periodic', 'news'],
      ['one-off', 'fail'],
    ],
  );
  const oneOff = rows[1];
  assert.equal(oneOff?.kind, 'one-off');
  if (oneOff?.kind !== 'one-off') return;
  assert.deepEqual(
    [oneOff.attemptsMade, oneOff.maxAttempts, oneOff.nextDueAt - h.clock.now(), oneOff.lastOutcome],
    [1, 3, 5 * MINUTE, 'failed'],
  );
  assert.match(oneOff.lastError ?? '', /rejected/);
  assert.deepEqual(operations.status().nextDue, {
    appId: h.app.id,
    appName: 'News',
    tag: 'fail',
    kind: 'one-off',
  });
  const [run] = operations.runs({ kind: 'one-off' });
  assert.deepEqual(
    [run?.kind, run?.tag, run?.attempt, run?.maxAttempts, run?.lastChance, run?.appName],
    ['one-off', 'fail', 1, 3, false, 'News'],
  );
  assert.deepEqual(operations.runs({ kind: 'periodic' }), []);
});

test('run fires a pending one-off sync by tag; with both kinds on one tag it asks which', async (t) => {
  const h = await makeHarness(t, { online: false });
  const operations = testEngineHostOperations(h.host);
  t.after(() => operations.close());
  h.host.core.registerOneOff(h.app.id, h.scope, 'outbox');
  h.host.core.register(h.app.id, h.scope, 'both', HOUR);
  h.host.core.registerOneOff(h.app.id, h.scope, 'both');
  h.connectivity.set(true);
  await h.host.core.stop(); // nothing fires by itself: only what `run` fires
  const run = await operations.run({ app: 'News', tag: 'outbox' });
  assert.deepEqual(
    [run.kind, run.trigger, run.outcome, run.lastChance],
    ['one-off', 'manual', 'success', false],
  );
  await assert.rejects(
    operations.run({ app: 'News', tag: 'both' }),
    (error) =>
      error instanceof HostError && error.code === 'registration-ambiguous' && /--kind/.test(error.message),
  );
  assert.equal((await operations.run({ app: 'News', tag: 'both', kind: 'one-off' })).kind, 'one-off');
  assert.equal((await operations.run({ app: 'News', tag: 'both', kind: 'periodic' })).kind, 'periodic');
  await assert.rejects(
    operations.run({ app: 'News', tag: 'both', kind: 'one-off' }),
    /no pending one-off sync with the tag "both"/,
  );
  await assert.rejects(
    operations.run({ app: 'News', tag: 'nothing' }),
    /no periodic sync registration or pending one-off sync/,
  );
});

test('host events carry one-off syncs: registrations-changed with their kind, run-started and run-finished', async (t) => {
  const h = await makeHarness(t);
  const operations = testEngineHostOperations(h.host);
  t.after(() => operations.close());
  const seen: { event: keyof HostEvents; kind: string }[] = [];
  operations.events.onAny((event, data) => {
    if (event === 'registrations-changed' || event === 'run-started' || event === 'run-finished')
      seen.push({ event, kind: (data as { kind: string }).kind });
  });
  h.host.core.registerOneOff(h.app.id, h.scope, 'outbox');
  await h.clock.advance(0);
  assert.deepEqual(seen, [
    { event: 'registrations-changed', kind: 'one-off' },
    { event: 'run-started', kind: 'one-off' },
    { event: 'run-finished', kind: 'one-off' },
    { event: 'registrations-changed', kind: 'one-off' },
  ]);
});

test('a lost worker holding only pending one-off syncs is reported missing, and the host tries to bring it back', async (t) => {
  const h = await makeHarness(t);
  const operations = testEngineHostOperations(h.host);
  t.after(() => operations.close());
  h.engine.workers.delete(h.scope); // the profile lost it; the app did not unregister it
  h.host.core.registerOneOff(h.app.id, h.scope, 'outbox');
  await h.clock.advance(0);
  assert.equal(operations.runs({ kind: 'one-off' })[0]?.outcome, 'failed');
  const missing = await waitFor('the missing worker in status', () => {
    const [entry] = operations.status().missingWorkers;
    return entry?.restore === 'failed' ? entry : undefined;
  });
  // The test host has no pages: loading the start page to register the worker again fails, and says so.
  assert.deepEqual([missing.appName, missing.scope], ['News', h.scope]);
  assert.match(missing.error ?? '', /start page could not be loaded/);
  assert.deepEqual(h.host.core.getOneOffTags(h.scope), ['outbox'], 'its sync is kept');
});
