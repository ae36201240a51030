import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatDuration } from '../../app/base/format-duration.ts';

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

const cases: [number, string][] = [
  [0, '0 ms'],
  [850, '850 ms'],
  [999, '999 ms'],
  [1000, '1 s'],
  [1530, '1.5 s'],
  [9999, '9.9 s'],
  [45 * SECOND, '45 s'],
  [MINUTE, '1 min'],
  [2 * MINUTE + 5 * SECOND, '2 min 5 s'],
  [15 * MINUTE, '15 min'],
  [HOUR, '1 h'],
  [HOUR + 30 * MINUTE, '1 h 30 min'],
  [12 * HOUR, '12 h'],
  [DAY, '1 d'],
  [2 * DAY + 4 * HOUR + 10 * MINUTE, '2 d 4 h'],
];

for (const [ms, text] of cases) {
  test(`formatDuration(${ms}) is "${text}"`, () => assert.equal(formatDuration(ms), text));
}
