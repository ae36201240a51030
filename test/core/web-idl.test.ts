import assert from 'node:assert/strict';
import { test } from 'node:test';
import { PeriodicSyncError } from '../../app/base/errors.ts';
import { enforceRangeUnsignedLongLong } from '../../app/sync/web-idl.ts';

const accepted: [unknown, number][] = [
  [undefined, 0],
  [0, 0],
  [-0, 0],
  [-0.9, 0],
  [1.9, 1],
  [86_400_000, 86_400_000],
  ['1000', 1000],
  [null, 0],
  [true, 1],
  [Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER],
];

const rejected: unknown[] = [
  -1,
  Number.NaN,
  Number.POSITIVE_INFINITY,
  Number.NEGATIVE_INFINITY,
  2 ** 53,
  2 ** 64,
  'soon',
  {},
  10n,
  Symbol('x'),
];

for (const [input, expected] of accepted) {
  test(`minInterval ${String(input)} converts to ${expected}`, () => {
    assert.equal(enforceRangeUnsignedLongLong(input, 'minInterval'), expected);
  });
}

for (const input of rejected) {
  test(`minInterval ${String(input)} is a TypeError`, () => {
    assert.throws(
      () => enforceRangeUnsignedLongLong(input, 'minInterval'),
      (error: unknown) =>
        error instanceof PeriodicSyncError &&
        error.domName === 'TypeError' &&
        /minInterval/.test(error.message),
    );
  });
}
