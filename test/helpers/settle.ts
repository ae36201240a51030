import { setImmediate as nextMacrotask } from 'node:timers/promises';
import { waitUntil } from '../../app/base/wait.ts';

/** Lets queued promise chains and immediates run (several hops: engine → core → store → plan). */
export async function settle(rounds = 8): Promise<void> {
  for (let round = 0; round < rounds; round += 1) await nextMacrotask();
}

/** Polls `check` on real time until it returns a value other than undefined/false, or fails after `timeoutMs`. */
export async function waitFor<T>(
  what: string,
  check: () => T | undefined | false | Promise<T | undefined | false>,
  timeoutMs = 10_000,
): Promise<T> {
  return waitUntil(check, {
    timeoutMs,
    onTimeout: () => {
      throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    },
  });
}
