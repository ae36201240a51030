import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatRelativeTime } from '../../app/headless/cli/format-relative-time.ts';

const NOW = 1_700_000_000_000;
const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

const cases: [number, string][] = [
  [0, 'now'],
  [999, 'now'],
  [-999, 'now'],
  [5 * SECOND, 'in 5 s'],
  [-59 * SECOND, '59 s ago'],
  [14 * MINUTE + 59 * SECOND, 'in 14 min'],
  [-3 * HOUR - 20 * MINUTE, '3 h ago'],
  [47 * HOUR, 'in 47 h'],
  [2 * DAY, 'in 2 d'],
  [-10 * DAY, '10 d ago'],
];

for (const [offset, text] of cases) {
  test(`${offset} ms from now reads "${text}"`, () =>
    assert.equal(formatRelativeTime(NOW + offset, NOW), text));
}
