import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  EXTERNAL_OPEN_BURST_MS,
  EXTERNAL_OPENS_PER_BURST,
  ExternalOpenBudget,
} from '../../app/desktop/external-open-budget.ts';

test('a page that loops window.open or location = … cannot flood the default browser', () => {
  let now = 1_000_000;
  const budget = new ExternalOpenBudget(() => now);
  const flood = Array.from({ length: 50 }, () => budget.take('app-news'));
  assert.equal(flood.filter(Boolean).length, EXTERNAL_OPENS_PER_BURST);
  assert.deepEqual(flood.slice(0, EXTERNAL_OPENS_PER_BURST), Array(EXTERNAL_OPENS_PER_BURST).fill(true));
  // Another app, and the manager window, have budgets of their own.
  assert.equal(budget.take('app-mail'), true);
  assert.equal(budget.take('manager'), true);
  // A person's next click after a pause works again; the refused attempts did not extend the wait.
  now += EXTERNAL_OPEN_BURST_MS - 1;
  assert.equal(budget.take('app-news'), false);
  now += 1;
  assert.equal(budget.take('app-news'), true);
});

test('a wall clock set back does not block an app for the time it jumped', () => {
  let now = 5_000_000;
  const budget = new ExternalOpenBudget(() => now, 1, 10_000);
  assert.equal(budget.take('app'), true);
  now -= 3_600_000; // an hour back: the old open lies "in the future" and no longer counts
  assert.equal(budget.take('app'), true);
  assert.equal(budget.take('app'), false);
});
