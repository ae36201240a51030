import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { RunOutcome, RunTrigger } from '../../app/store/records.ts';
import {
  type EventEnd,
  latestDueAt,
  type Rescheduled,
  rescheduleAfterEvent,
  triggerFor,
} from '../../app/sync/registration-rules.ts';
import { DEFAULT_SYNC_SETTINGS } from '../../app/sync/settings.ts';

const MIN = 60_000;
// Chromium's policy: 3 attempts per period, retries 5 and 15 minutes after a failure.
const settings = { ...DEFAULT_SYNC_SETTINGS, maxAttemptsPerPeriod: 3, retryDelaysMs: [5 * MIN, 15 * MIN] };
const END = 1_000_000_000;
const INTERVAL = 60 * MIN;
const DUE = END - 30 * MIN;

function end(
  trigger: RunTrigger,
  outcome: RunOutcome,
  current: Partial<EventEnd['current']> = {},
  firedId = 1,
): EventEnd {
  const registration = { id: 1, attempt: 0, nextDueAt: DUE, reregisteredWhileFiring: false, ...current };
  return { current: registration, firedId, trigger, outcome, endedAt: END, intervalMs: INTERVAL };
}

const rescheduleCases: { when: string; end: EventEnd; expected: Rescheduled }[] = [
  {
    when: 'a scheduled event succeeds',
    end: end('scheduled', 'success'),
    expected: { attempt: 0, nextDueAt: END + INTERVAL, freshPeriod: false },
  },
  {
    when: 'the first attempt fails',
    end: end('scheduled', 'failed'),
    expected: { attempt: 1, nextDueAt: END + 5 * MIN, freshPeriod: false },
  },
  {
    when: 'the second attempt times out',
    end: end('retry', 'timed-out', { attempt: 1 }),
    expected: { attempt: 2, nextDueAt: END + 15 * MIN, freshPeriod: false },
  },
  {
    when: 'the last attempt of the period fails',
    end: end('retry', 'failed', { attempt: 2 }),
    expected: { attempt: 0, nextDueAt: END + INTERVAL, freshPeriod: false },
  },
  {
    when: 'a retry succeeds',
    end: end('retry', 'success', { attempt: 1 }),
    expected: { attempt: 0, nextDueAt: END + INTERVAL, freshPeriod: false },
  },
  {
    when: 'a catch-up event fails',
    end: end('catch-up', 'failed'),
    expected: { attempt: 1, nextDueAt: END + 5 * MIN, freshPeriod: false },
  },
  {
    when: 'an event is interrupted (host stopped): due again at once, same attempt',
    end: end('retry', 'interrupted', { attempt: 1 }),
    expected: { attempt: 1, nextDueAt: END, freshPeriod: false },
  },
  {
    when: 'a manual run succeeds: a new period',
    end: end('manual', 'success', { attempt: 1 }),
    expected: { attempt: 0, nextDueAt: END + INTERVAL, freshPeriod: false },
  },
  {
    when: 'a manual run fails: the schedule stays as it was',
    end: end('manual', 'failed', { attempt: 1 }),
    expected: { attempt: 1, nextDueAt: DUE, freshPeriod: false },
  },
  {
    when: 'the tag was re-registered while firing: a fresh period, whatever the outcome',
    end: end('scheduled', 'failed', { attempt: 1, reregisteredWhileFiring: true }),
    expected: { attempt: 0, nextDueAt: END + INTERVAL, freshPeriod: true },
  },
  {
    when: 'the tag was unregistered and registered again while firing (another row)',
    end: end('manual', 'failed', { id: 2, attempt: 0 }, 1),
    expected: { attempt: 0, nextDueAt: END + INTERVAL, freshPeriod: true },
  },
];

for (const { when, end: ended, expected } of rescheduleCases) {
  test(`reschedule: ${when}`, () => {
    assert.deepEqual(rescheduleAfterEvent(ended, settings), expected);
  });
}

// catchUpAfterMs is 1 minute by default: an hourly registration 2 minutes late missed nothing, yet the
// event is reported as a catch-up once it is later than that bar.
const CATCH_UP = settings.catchUpAfterMs;
const triggerCases: {
  when: string;
  attempt: number;
  lateMs: number;
  intervalMs: number;
  expected: RunTrigger;
}[] = [
  { when: 'on time', attempt: 0, lateMs: 0, intervalMs: INTERVAL, expected: 'scheduled' },
  {
    when: 'late within catchUpAfterMs',
    attempt: 0,
    lateMs: CATCH_UP,
    intervalMs: INTERVAL,
    expected: 'scheduled',
  },
  {
    when: 'later than catchUpAfterMs',
    attempt: 0,
    lateMs: CATCH_UP + 1,
    intervalMs: INTERVAL,
    expected: 'catch-up',
  },
  { when: 'late within a short interval', attempt: 0, lateMs: 2000, intervalMs: 5000, expected: 'scheduled' },
  {
    when: 'later than a whole short interval',
    attempt: 0,
    lateMs: 5001,
    intervalMs: 5000,
    expected: 'catch-up',
  },
  { when: 'a zero interval and timer jitter', attempt: 0, lateMs: 999, intervalMs: 0, expected: 'scheduled' },
  {
    when: 'a zero interval, over a second late',
    attempt: 0,
    lateMs: 1001,
    intervalMs: 0,
    expected: 'catch-up',
  },
  {
    when: 'a retry, however late',
    attempt: 1,
    lateMs: 10 * INTERVAL,
    intervalMs: INTERVAL,
    expected: 'retry',
  },
];

for (const { when, attempt, lateMs, intervalMs, expected } of triggerCases) {
  test(`trigger: ${when} → ${expected}`, () => {
    assert.equal(triggerFor({ attempt, nextDueAt: END - lateMs }, END, intervalMs, settings), expected);
  });
}

for (const { when, attempt, lateMs, intervalMs, expected } of triggerCases) {
  test(`trigger, interval looked up only when it decides: ${when} → ${expected}`, () => {
    let lookups = 0;
    const lookUp = () => {
      lookups += 1;
      return intervalMs;
    };
    assert.equal(triggerFor({ attempt, nextDueAt: END - lateMs }, END, lookUp, settings), expected);
    assert.equal(lookups, attempt === 0 && lateMs > 1000 ? 1 : 0);
  });
}

test('latest due time: one interval from now, or the longest retry delay for a retry', () => {
  assert.equal(latestDueAt({ attempt: 0 }, END, INTERVAL, settings), END + INTERVAL);
  assert.equal(latestDueAt({ attempt: 1 }, END, INTERVAL, settings), END + INTERVAL);
  assert.equal(latestDueAt({ attempt: 1 }, END, MIN, settings), END + 15 * MIN);
  assert.equal(latestDueAt({ attempt: 0 }, END, MIN, settings), END + MIN);
});
