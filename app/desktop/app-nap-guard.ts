import type { HostOperations } from '../host/host-api.ts';
import type { HostStatus } from '../host/host-operations.ts';

/**
 * macOS naps a windowless tray app and delays its timers, so a due task would fire late. Electron's
 * `powerSaveBlocker.start('prevent-app-suspension')` (an IOPM "no idle sleep" assertion) keeps the app
 * awake, and the Mac with it: held only from a little before a due time until the runs are over, never
 * while the host merely waits.
 */
export const APP_NAP_LEAD_MS = 2 * 60_000;
/** A due time this long past with nothing firing (offline, the app paused) no longer holds the Mac awake. */
export const APP_NAP_OVERDUE_MS = 60_000;
/** The longest the guard waits between two looks (timers hold 24.8 days at most; a clock may jump). */
const MAX_RECHECK_MS = 60 * 60_000;

/** Whether the host must not be napped now: an event runs, or a due time is near (or just past). */
export function shouldPreventAppNap(
  status: Pick<HostStatus, 'eventsInFlight' | 'nextDueAt'>,
  now: number,
): boolean {
  if (status.eventsInFlight > 0) return true;
  if (status.nextDueAt === null) return false;
  const until = status.nextDueAt - now;
  return until <= APP_NAP_LEAD_MS && until > -APP_NAP_OVERDUE_MS;
}

/** When to look again: the next edge of the window `shouldPreventAppNap` holds in, bounded. */
function nextLookIn(status: Pick<HostStatus, 'nextDueAt'>, now: number): number {
  if (status.nextDueAt === null) return MAX_RECHECK_MS;
  const until = status.nextDueAt - now;
  const edge = until > APP_NAP_LEAD_MS ? until - APP_NAP_LEAD_MS : until + APP_NAP_OVERDUE_MS;
  return Math.min(Math.max(edge, 1000), MAX_RECHECK_MS);
}

/** Electron's powerSaveBlocker, as the guard uses it. */
export interface AppNapBlocker {
  /** Starts blocking; returns the id `stop` takes. */
  start(): number;
  stop(id: number): void;
}

/**
 * Holds `blocker` while `shouldPreventAppNap` says so, looking again on every host event (a run starts or
 * ends, registrations change) and at the edges of the due window. Returns the function that stops
 * following (and releases the blocker).
 */
export function preventAppNapWhenDue(
  operations: Pick<HostOperations, 'status' | 'events'>,
  blocker: AppNapBlocker,
  now: () => number = Date.now,
): () => void {
  let held: number | undefined;
  let timer: NodeJS.Timeout | undefined;
  const look = () => {
    clearTimeout(timer);
    const status = operations.status();
    const hold = shouldPreventAppNap(status, now());
    if (hold && held === undefined) held = blocker.start();
    else if (!hold && held !== undefined) {
      blocker.stop(held);
      held = undefined;
    }
    timer = setTimeout(look, nextLookIn(status, now()));
  };
  const unsubscribe = operations.events.onAny(look);
  look();
  return () => {
    unsubscribe();
    clearTimeout(timer);
    if (held !== undefined) blocker.stop(held);
    held = undefined;
  };
}
