import { PeriodicSyncError } from '../base/errors.ts';
import type { AppRecord, RegistrationRecord } from '../store/records.ts';
import type { SyncSettings } from './settings.ts';

/** Chromium's limit on a periodic sync tag (kMaxTagLength). */
export const MAX_TAG_LENGTH = 10240;

export function checkTag(tag: string): void {
  if (tag.length > MAX_TAG_LENGTH) {
    throw new PeriodicSyncError(
      'InvalidAccessError',
      `The tag is ${tag.length} characters long; periodic sync tags may have at most ${MAX_TAG_LENGTH}.`,
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
