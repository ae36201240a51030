import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  APP_NAP_LEAD_MS,
  APP_NAP_OVERDUE_MS,
  preventAppNapWhenDue,
  shouldPreventAppNap,
} from '../../app/desktop/app-nap-guard.ts';
import { HOUR, MINUTE, makeHarness } from '../helpers/harness.ts';
import { testEngineHostOperations } from '../helpers/host-operations.ts';

test('the Mac is kept from napping only while an event runs or a due time is near', () => {
  const now = 1_000_000_000;
  const cases: [string, { eventsInFlight: number; nextDueAt: number | null }, boolean][] = [
    ['nothing registered', { eventsInFlight: 0, nextDueAt: null }, false],
    ['an hour away', { eventsInFlight: 0, nextDueAt: now + HOUR }, false],
    ['just outside the lead', { eventsInFlight: 0, nextDueAt: now + APP_NAP_LEAD_MS + 1 }, false],
    ['within the lead', { eventsInFlight: 0, nextDueAt: now + APP_NAP_LEAD_MS }, true],
    ['due now', { eventsInFlight: 0, nextDueAt: now }, true],
    ['just overdue (about to fire)', { eventsInFlight: 0, nextDueAt: now - APP_NAP_OVERDUE_MS + 1 }, true],
    [
      'overdue and not firing (offline, paused)',
      { eventsInFlight: 0, nextDueAt: now - APP_NAP_OVERDUE_MS },
      false,
    ],
    ['an event running', { eventsInFlight: 1, nextDueAt: now + HOUR }, true],
  ];
  for (const [name, status, expected] of cases)
    assert.equal(shouldPreventAppNap(status, now), expected, name);
});

test('the guard follows the host: held near the due time and during the run, released when it is past', async (t) => {
  const harness = await makeHarness(t);
  harness.host.core.register(harness.app.id, harness.scope, 'get-latest-news', HOUR);
  const operations = testEngineHostOperations(harness.host);
  t.after(() => operations.close());
  const blocker: string[] = [];
  let nextId = 1;
  const stop = preventAppNapWhenDue(
    operations,
    {
      start: () => {
        blocker.push('start');
        return nextId++;
      },
      stop: (id) => blocker.push(`stop ${id}`),
    },
    () => harness.clock.now(),
  );
  t.after(stop);
  assert.deepEqual(blocker, [], 'an hour from the due time, the Mac may nap and sleep');

  const dueAt = operations.status().nextDueAt;
  assert.ok(dueAt !== null);
  await harness.clock.advance(dueAt - MINUTE - harness.clock.now());
  operations.mute({ app: harness.app.id }); // any host event makes the guard look again
  assert.deepEqual(blocker, ['start'], 'a minute before the due time');

  let heldDuringRun = false;
  const unsubscribe = operations.events.on('run-started', () => {
    heldDuringRun = blocker.at(-1) === 'start';
  });
  await operations.run({ app: harness.app.id, tag: 'get-latest-news' });
  unsubscribe();
  assert.ok(heldDuringRun, 'held while the event runs');

  await harness.clock.advance(dueAt + APP_NAP_OVERDUE_MS - harness.clock.now());
  operations.unmute({ app: harness.app.id });
  assert.deepEqual(blocker, ['start', 'stop 1'], 'released once the due time is past and nothing runs');
});
