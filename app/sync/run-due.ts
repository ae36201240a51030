import type { RunRecord } from '../store/records.ts';
import { type CoreContext, canFire } from './core-context.ts';

/** What starting the due events of one kind did: the runs started, and whether the store refused one. */
export interface DueStarted {
  started: Promise<RunRecord>[];
  storeFailed: boolean;
}

/**
 * Fires everything due now, of every kind, and waits until it and anything that became due meanwhile has
 * run (for a host woken by the OS only to do that, then exit). A kind whose run the store refused starts
 * nothing more: what is left stays due for the next wake-up. Needs no timer: the core need not be started.
 */
export async function runDue(
  context: CoreContext,
  startDue: readonly (() => DueStarted)[],
): Promise<RunRecord[]> {
  const runs: RunRecord[] = [];
  const refused = new Set<() => DueStarted>();
  for (;;) {
    if (!canFire(context)) break;
    for (const start of startDue) {
      if (refused.has(start)) continue;
      const { started, storeFailed } = start();
      for (const run of started) void run.then((record) => runs.push(record));
      if (storeFailed) refused.add(start);
    }
    if (context.inFlight.size === 0) break;
    await Promise.race([...context.inFlight.values()].map((event) => event.done));
    await new Promise((resolve) => setImmediate(resolve));
  }
  return runs;
}
