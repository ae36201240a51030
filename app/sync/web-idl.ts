import { PeriodicSyncError } from '../base/errors.ts';

/** The largest integer WebIDL's `unsigned long long` accepts under [EnforceRange] in JavaScript. */
const MAX_SAFE = Number.MAX_SAFE_INTEGER;

/**
 * WebIDL `[EnforceRange] unsigned long long` conversion (https://webidl.spec.whatwg.org/#es-unsigned-long-long).
 * `undefined` means the dictionary member was absent, which defaults to 0 in PeriodicSyncOptions.
 */
export function enforceRangeUnsignedLongLong(value: unknown, what: string): number {
  if (value === undefined) return 0;
  if (typeof value === 'bigint' || typeof value === 'symbol') {
    throw new PeriodicSyncError('TypeError', `${what} cannot be converted from a ${typeof value}.`);
  }
  const number = typeof value === 'number' ? value : Number(value);
  if (!Number.isFinite(number)) {
    throw new PeriodicSyncError('TypeError', `${what} must be a finite number, got ${String(value)}.`);
  }
  const truncated = Math.trunc(number) + 0; // `+ 0` turns -0 into 0
  if (truncated < 0 || truncated > MAX_SAFE) {
    throw new PeriodicSyncError(
      'TypeError',
      `${what} is outside the range of unsigned long long (0 to 2^53 - 1): ${String(value)}.`,
    );
  }
  return truncated;
}
