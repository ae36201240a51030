import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatRelativeTime } from '../../app/base/format-relative-time.ts';

const NOW = 1_700_000_000_000;
const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

const cases: [number, string][] = [
  [0, 'now'],
  [499, 'now'],
  [-499, 'now'],
  [999, 'in 1 s'],
  [5 * SECOND, 'in 5 s'],
  [-59 * SECOND, '59 s ago'],
  [59 * SECOND + 600, 'in 1 min'],
  [14 * MINUTE + 59 * SECOND, 'in 15 min'],
  [14 * MINUTE + 20 * SECOND, 'in 14 min'],
  [59 * MINUTE + 40 * SECOND, 'in 1 h'],
  [-3 * HOUR - 20 * MINUTE, '3 h ago'],
  // Right after registering a one-day task: the next run is a day away, not "23 h".
  [DAY - 2 * SECOND, 'in 24 h'],
  [47 * HOUR, 'in 47 h'],
  [47 * HOUR + 40 * MINUTE, 'in 2 d'],
  [2 * DAY, 'in 2 d'],
  [-10 * DAY, '10 d ago'],
];

for (const [offset, text] of cases) {
  test(`${offset} ms from now reads "${text}"`, () =>
    assert.equal(formatRelativeTime(NOW + offset, NOW), text));
}
