import assert from 'node:assert/strict';
import { mock, test } from 'node:test';
import { longTimeoutSignal, MAX_TIMER_DELAY_MS, setLongTimeout } from '../../app/base/long-timer.ts';

const DAY = 86_400_000;

test('a wait longer than one Node timer holds fires once, when the whole delay has passed', (t) => {
  mock.timers.enable({ apis: ['setTimeout'] });
  t.after(() => mock.timers.reset());
  let fired = 0;
  setLongTimeout(() => {
    fired += 1;
  }, 31 * DAY);
  mock.timers.tick(MAX_TIMER_DELAY_MS - 1);
  assert.equal(fired, 0, 'not after 1 ms, as a plain setTimeout of 31 days would');
  mock.timers.tick(1);
  assert.equal(fired, 0, 'not after the first link of the chain');
  mock.timers.tick(31 * DAY - MAX_TIMER_DELAY_MS - 1);
  assert.equal(fired, 0, 'not 1 ms early');
  mock.timers.tick(1);
  assert.equal(fired, 1);
  mock.timers.tick(100 * DAY);
  assert.equal(fired, 1, 'once');
});

test('a long wait can be cancelled in any link of its chain; a short or odd one is a plain timeout', (t) => {
  mock.timers.enable({ apis: ['setTimeout'] });
  t.after(() => mock.timers.reset());
  let fired = 0;
  const timer = setLongTimeout(() => {
    fired += 1;
  }, 60 * DAY);
  mock.timers.tick(30 * DAY);
  timer.cancel();
  mock.timers.tick(60 * DAY);
  assert.equal(fired, 0);
  for (const delay of [5, 0, -1, Number.NaN]) setLongTimeout(() => (fired += 1), delay);
  mock.timers.tick(5);
  assert.equal(fired, 4);
});

test('longTimeoutSignal takes delays AbortSignal.timeout refuses (RangeError) or cuts to 1 ms', (t) => {
  assert.throws(() => AbortSignal.timeout(50 * DAY), RangeError, 'what the host used to call');
  mock.timers.enable({ apis: ['setTimeout'] });
  t.after(() => mock.timers.reset());
  const signal = longTimeoutSignal(30 * DAY);
  mock.timers.tick(MAX_TIMER_DELAY_MS + 1);
  assert.equal(signal.aborted, false, 'a 30-day limit is not over after 25 days');
  mock.timers.tick(30 * DAY);
  assert.equal(signal.aborted, true);
  assert.equal((signal.reason as DOMException).name, 'TimeoutError', 'as AbortSignal.timeout aborts');
  assert.equal(longTimeoutSignal(50 * DAY).aborted, false);
});
