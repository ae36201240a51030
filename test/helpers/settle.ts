import { setImmediate as nextMacrotask } from 'node:timers/promises';

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
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
