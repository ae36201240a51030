import { HostError } from '../base/errors.ts';

const MINUTE = 60_000;

/** Host-wide policy. Every field has a default; a user changes them through `config set`. */
export interface SyncSettings {
  /** Lower bound on every registration's interval. 0 is accepted only in developer mode. */
  minIntervalFloorMs: number;
  /** Longest a single event (periodicsync or sync) may run before it counts as timed out. */
  eventTimeLimitMs: number;
  /** Attempts per period, the first included (Chromium: 3). */
  maxAttemptsPerPeriod: number;
  /** Delay before attempt 2, 3, …; the last entry repeats if there are more attempts than entries. */
  retryDelaysMs: number[];
  /**
   * One-off syncs: attempts in all, the first included (Chromium: 3). After the last one fails the sync is
   * dropped (its event said `lastChance`), so this is its own setting: fewer periodic retries to save
   * battery must not make a queued request give up sooner.
   */
  oneOffMaxAttempts: number;
  /** One-off syncs: delay before attempt 2, 3, …; the last entry repeats (Chromium: 5 min, then ×3). */
  oneOffRetryDelaysMs: number[];
  /**
   * Workers woken at once. Each woken worker costs a renderer process (tens of MiB) and a burst of CPU;
   * 3 keeps a post-sleep catch-up wave small on a 2-core, 8 GiB laptop while one slow event (up to the
   * time limit) cannot hold everything else back.
   */
  maxConcurrentEvents: number;
  /** Runs kept per registration; older ones are deleted when a run ends. */
  runsKeptPerRegistration: number;
  /** Periodic registrations one origin may hold. */
  maxTagsPerOrigin: number;
  /**
   * A registration fired this much after its due time (or a whole interval, if shorter) counts as a
   * catch-up: it was missed while the host was down, the machine slept or the network was gone.
   */
  catchUpAfterMs: number;
  /**
   * The browser stops when nothing is due within this long and nothing else needs it (no app page open,
   * no event or command under way), and starts again for the next due event; null keeps it running.
   * A headless browser holds ~300-400 MiB while idle: a host that runs all day should not hold it for
   * events every 15 minutes.
   */
  browserIdleMs: number | null;
}

export const DEFAULT_SYNC_SETTINGS: Readonly<SyncSettings> = Object.freeze({
  minIntervalFloorMs: 15 * MINUTE,
  eventTimeLimitMs: 3 * MINUTE,
  maxAttemptsPerPeriod: 3,
  retryDelaysMs: [5 * MINUTE, 15 * MINUTE],
  oneOffMaxAttempts: 3,
  oneOffRetryDelaysMs: [5 * MINUTE, 15 * MINUTE],
  maxConcurrentEvents: 3,
  runsKeptPerRegistration: 100,
  maxTagsPerOrigin: 100,
  catchUpAfterMs: MINUTE,
  browserIdleMs: 5 * MINUTE,
});

/** Checks a complete settings object; `developerMode` is what allows a floor of 0. */
export function validateSyncSettings(settings: SyncSettings, developerMode: boolean): SyncSettings {
  const problems: string[] = [];
  const wholeAtLeast = (name: keyof SyncSettings, value: number, min: number) => {
    if (!Number.isSafeInteger(value) || value < min)
      problems.push(`${name} must be a whole number ≥ ${min} (got ${value})`);
  };
  wholeAtLeast('minIntervalFloorMs', settings.minIntervalFloorMs, 0);
  if (settings.minIntervalFloorMs === 0 && !developerMode) {
    problems.push('minIntervalFloorMs may be 0 only when the host runs in developer mode');
  }
  wholeAtLeast('eventTimeLimitMs', settings.eventTimeLimitMs, 1);
  wholeAtLeast('maxAttemptsPerPeriod', settings.maxAttemptsPerPeriod, 1);
  wholeAtLeast('oneOffMaxAttempts', settings.oneOffMaxAttempts, 1);
  wholeAtLeast('maxConcurrentEvents', settings.maxConcurrentEvents, 1);
  wholeAtLeast('runsKeptPerRegistration', settings.runsKeptPerRegistration, 1);
  wholeAtLeast('maxTagsPerOrigin', settings.maxTagsPerOrigin, 1);
  wholeAtLeast('catchUpAfterMs', settings.catchUpAfterMs, 0);
  if (settings.browserIdleMs !== null) wholeAtLeast('browserIdleMs', settings.browserIdleMs, 0);
  for (const name of ['retryDelaysMs', 'oneOffRetryDelaysMs'] as const) {
    if (settings[name].length === 0) problems.push(`${name} needs at least one delay`);
    for (const delay of settings[name]) {
      if (!Number.isSafeInteger(delay) || delay < 0) problems.push(`${name} has an invalid delay: ${delay}`);
    }
  }
  if (problems.length > 0) {
    throw new HostError('invalid-settings', `Invalid host settings: ${problems.join('; ')}.`);
  }
  return settings;
}
