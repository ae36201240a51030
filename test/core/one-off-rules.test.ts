import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { RunTrigger } from '../../app/store/records.ts';
import { type AttemptEnd, oneOffAfterEvent, oneOffAttempt } from '../../app/sync/one-off-rules.ts';
import { DEFAULT_SYNC_SETTINGS } from '../../app/sync/settings.ts';

const MINUTE = 60_000;
const settings = DEFAULT_SYNC_SETTINGS;

test('defaults are Chromium’s: 3 attempts, retries 5 then 15 minutes later', () => {
  assert.equal(settings.oneOffMaxAttempts, 3);
  assert.deepEqual(settings.oneOffRetryDelaysMs, [5 * MINUTE, 15 * MINUTE]);
});

test('lastChance is true on the last attempt only, and never on a manual run', () => {
  const table: [attemptsMade: number, manual: boolean, expected: [number, RunTrigger, boolean]][] = [
    [0, false, [1, 'scheduled', false]],
    [1, false, [2, 'retry', false]],
    [2, false, [3, 'retry', true]],
    [2, true, [3, 'manual', false]],
    [0, true, [1, 'manual', false]],
  ];
  for (const [attemptsMade, manual, [attempt, trigger, lastChance]] of table) {
    assert.deepEqual(oneOffAttempt({ attemptsMade }, manual, settings), { attempt, trigger, lastChance });
  }
  // With fewer attempts allowed than already made (the setting was lowered), the next one is the last.
  assert.equal(oneOffAttempt({ attemptsMade: 4 }, false, settings).lastChance, true);
  assert.equal(
    oneOffAttempt({ attemptsMade: 0 }, false, { ...settings, oneOffMaxAttempts: 1 }).lastChance,
    true,
  );
});

test('after an event: the policy table', () => {
  const ended = 1_000_000;
  const due = 900_000;
  const table: [
    sync: { attemptsMade: number; reregisteredWhileFiring: boolean },
    trigger: RunTrigger,
    outcome: AttemptEnd,
    expected: ReturnType<typeof oneOffAfterEvent>,
  ][] = [
    [{ attemptsMade: 0, reregisteredWhileFiring: false }, 'scheduled', 'success', { kind: 'remove' }],
    [
      { attemptsMade: 0, reregisteredWhileFiring: false },
      'scheduled',
      'failed',
      { kind: 'pending', attemptsMade: 1, nextAttemptAt: ended + 5 * MINUTE },
    ],
    [
      { attemptsMade: 1, reregisteredWhileFiring: false },
      'retry',
      'timed-out',
      { kind: 'pending', attemptsMade: 2, nextAttemptAt: ended + 15 * MINUTE },
    ],
    [{ attemptsMade: 2, reregisteredWhileFiring: false }, 'retry', 'failed', { kind: 'remove' }],
    // The host stopped during the event: due again at once, the attempt not counted.
    [
      { attemptsMade: 1, reregisteredWhileFiring: false },
      'retry',
      'interrupted',
      { kind: 'pending', attemptsMade: 1, nextAttemptAt: ended },
    ],
    // A manual run that failed used up no attempt and leaves the schedule as it was.
    [
      { attemptsMade: 2, reregisteredWhileFiring: false },
      'manual',
      'failed',
      { kind: 'pending', attemptsMade: 2, nextAttemptAt: due },
    ],
    [{ attemptsMade: 2, reregisteredWhileFiring: false }, 'manual', 'success', { kind: 'remove' }],
    // The browser went away during the last attempt: due again at once (once it is back), not counted.
    [
      { attemptsMade: 2, reregisteredWhileFiring: false },
      'retry',
      'browser-lost',
      { kind: 'pending', attemptsMade: 2, nextAttemptAt: ended },
    ],
    // The worker registration was missing (the profile lost it): no attempt used up, the delay a failure
    // would wait, never removed for it, on the last attempt too.
    [
      { attemptsMade: 0, reregisteredWhileFiring: false },
      'scheduled',
      'worker-missing',
      { kind: 'pending', attemptsMade: 0, nextAttemptAt: ended + 5 * MINUTE },
    ],
    [
      { attemptsMade: 2, reregisteredWhileFiring: false },
      'retry',
      'worker-missing',
      { kind: 'pending', attemptsMade: 2, nextAttemptAt: ended + 15 * MINUTE },
    ],
    [
      { attemptsMade: 1, reregisteredWhileFiring: false },
      'manual',
      'worker-missing',
      { kind: 'pending', attemptsMade: 1, nextAttemptAt: due },
    ],
    // Registered again while it fired: once more, at once, attempts reset, whatever the outcome.
    [
      { attemptsMade: 2, reregisteredWhileFiring: true },
      'retry',
      'failed',
      { kind: 'pending', attemptsMade: 0, nextAttemptAt: ended },
    ],
    [
      { attemptsMade: 0, reregisteredWhileFiring: true },
      'scheduled',
      'success',
      { kind: 'pending', attemptsMade: 0, nextAttemptAt: ended },
    ],
  ];
  for (const [sync, trigger, outcome, expected] of table) {
    assert.deepEqual(
      oneOffAfterEvent({ ...sync, nextAttemptAt: due }, trigger, outcome, ended, settings),
      expected,
      `${JSON.stringify(sync)} ${trigger} ${outcome}`,
    );
  }
});

test('the last retry delay repeats when more attempts are allowed than delays given', () => {
  const more = { ...settings, oneOffMaxAttempts: 5, oneOffRetryDelaysMs: [MINUTE] };
  for (const attemptsMade of [0, 1, 2, 3]) {
    assert.deepEqual(
      oneOffAfterEvent(
        { attemptsMade, nextAttemptAt: 0, reregisteredWhileFiring: false },
        'retry',
        'failed',
        0,
        more,
      ),
      {
        kind: 'pending',
        attemptsMade: attemptsMade + 1,
        nextAttemptAt: MINUTE,
      },
    );
  }
  assert.deepEqual(
    oneOffAfterEvent(
      { attemptsMade: 4, nextAttemptAt: 0, reregisteredWhileFiring: false },
      'retry',
      'failed',
      0,
      more,
    ),
    { kind: 'remove' },
  );
});
