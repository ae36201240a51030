import { PeriodicSyncError } from '../base/errors.ts';
import type { AppRecord, RegistrationRecord, RunOutcome, RunTrigger } from '../store/records.ts';
import type { SyncSettings } from './settings.ts';

/** Chromium's limit on a sync tag, periodic or one-off (kMaxTagLength). */
export const MAX_TAG_LENGTH = 10240;

export function checkTag(tag: string): void {
  if (tag.length > MAX_TAG_LENGTH) {
    throw new PeriodicSyncError(
      'InvalidAccessError',
      `The tag is ${tag.length} characters long; sync tags may have at most ${MAX_TAG_LENGTH}.`,
    );
  }
}

/** The interval the host actually uses: the page's request, raised to the app's or the host's floor. */
export function effectiveIntervalMs(
  minIntervalMs: number,
  app: Pick<AppRecord, 'intervalFloorMs'>,
  settings: SyncSettings,
): number {
  return Math.max(minIntervalMs, app.intervalFloorMs ?? settings.minIntervalFloorMs);
}

/** When the next attempt is due after an event ended, and which attempt of its period that will be. */
export function scheduleAfterEvent(
  registration: Pick<RegistrationRecord, 'attempt'>,
  outcome: 'success' | 'failed',
  endedAt: number,
  intervalMs: number,
  settings: SyncSettings,
): { attempt: number; nextDueAt: number } {
  const attemptsMade = registration.attempt + 1;
  if (outcome === 'failed' && attemptsMade < settings.maxAttemptsPerPeriod) {
    const delays = settings.retryDelaysMs;
    const delay = delays[Math.min(attemptsMade - 1, delays.length - 1)] as number;
    return { attempt: attemptsMade, nextDueAt: endedAt + delay };
  }
  return { attempt: 0, nextDueAt: endedAt + intervalMs };
}

/**
 * What fired a due registration: a retry of a failed attempt, a catch-up when it is late by more than a
 * whole interval (or by `catchUpAfterMs`, if shorter), else its schedule. Timer jitter never counts as
 * late: the bar is at least a second. `intervalMs` may be a function (an app lookup): it is called only
 * when the lateness is over that bar.
 */
export function triggerFor(
  registration: Pick<RegistrationRecord, 'attempt' | 'nextDueAt'>,
  now: number,
  intervalMs: number | (() => number),
  settings: Pick<SyncSettings, 'catchUpAfterMs'>,
): RunTrigger {
  if (registration.attempt > 0) return 'retry';
  const lateness = now - registration.nextDueAt;
  const catchUpAfter = (interval: number) => Math.min(settings.catchUpAfterMs, Math.max(interval, 1000));
  // No interval makes an event this close to its due time a catch-up: then the interval is not needed.
  if (lateness <= catchUpAfter(0)) return 'scheduled';
  const interval = typeof intervalMs === 'function' ? intervalMs() : intervalMs;
  return lateness > catchUpAfter(interval) ? 'catch-up' : 'scheduled';
}

/**
 * The latest a registration may be due from `now`: one interval, or one retry delay for a retry. A due
 * time past it was computed from a wall clock that has since moved back.
 */
export function latestDueAt(
  registration: Pick<RegistrationRecord, 'attempt'>,
  now: number,
  intervalMs: number,
  settings: Pick<SyncSettings, 'retryDelaysMs'>,
): number {
  return now + Math.max(intervalMs, registration.attempt > 0 ? Math.max(...settings.retryDelaysMs) : 0);
}

export interface EventEnd {
  /** The registration as it is now (it may have been re-registered, or replaced, while the event ran). */
  current: Pick<RegistrationRecord, 'id' | 'attempt' | 'nextDueAt' | 'reregisteredWhileFiring'>;
  /** The id of the registration the event was fired for. */
  firedId: number;
  trigger: RunTrigger;
  outcome: RunOutcome;
  endedAt: number;
  intervalMs: number;
}

/** A registration's attempt and due time after one of its events ended; `freshPeriod`: it starts anew. */
export interface Rescheduled {
  attempt: number;
  nextDueAt: number;
  freshPeriod: boolean;
}

/**
 * The reschedule policy. Re-registered (or unregistered and registered again) while firing: a fresh
 * period from the end. A manual run is out of band: success starts a new period, a failure leaves the
 * schedule as it was. An interrupted event is due again at once, same attempt. Otherwise success starts
 * a new period and a failure retries (`scheduleAfterEvent`).
 */
export function rescheduleAfterEvent(end: EventEnd, settings: SyncSettings): Rescheduled {
  const { current, outcome, endedAt, intervalMs } = end;
  if (current.id !== end.firedId || current.reregisteredWhileFiring)
    return { attempt: 0, nextDueAt: endedAt + intervalMs, freshPeriod: true };
  if (end.trigger === 'manual') {
    return outcome === 'success'
      ? { attempt: 0, nextDueAt: endedAt + intervalMs, freshPeriod: false }
      : { attempt: current.attempt, nextDueAt: current.nextDueAt, freshPeriod: false };
  }
  if (outcome === 'interrupted') return { attempt: current.attempt, nextDueAt: endedAt, freshPeriod: false };
  const next = scheduleAfterEvent(
    current,
    outcome === 'success' ? 'success' : 'failed',
    endedAt,
    intervalMs,
    settings,
  );
  return { ...next, freshPeriod: false };
}
