import { HostError } from '../base/errors.ts';
import { DEFAULT_SYNC_SETTINGS, type SyncSettings } from '../sync/settings.ts';

/** Host preferences that are not scheduling rules: they change what the host leaves in the OS. */
export interface HostPreferences {
  autostart: boolean;
  wakeWhenQuit: boolean;
  /** Tell the person when one task fails this many runs in a row (0: never). */
  failureAlertAfter: number;
}

export const DEFAULT_PREFERENCES: Readonly<HostPreferences> = Object.freeze({
  autostart: false,
  wakeWhenQuit: true,
  failureAlertAfter: 3,
});

export type StoredKey = keyof SyncSettings | keyof HostPreferences;

interface KeyDefinition {
  stored: StoredKey;
  description: string;
  /** The values it takes, as a person types them ("1m–365d", "on/off"): for the reference in docs/cli.md. */
  range: string;
  /** Reads what a person typed; throws an 'invalid-value' HostError for text that is no such value. */
  parse(text: string): unknown;
  format(value: unknown): string;
  /**
   * Why `value` cannot be stored (undefined when it can): out of the setting's range, or not a value of
   * the setting's kind at all (a stored value from another build, a hand edit). Says what would work.
   */
  problem(value: unknown): string | undefined;
  /** The valid value nearest to one `problem` refuses: what a run uses instead of a bad stored value. */
  nearest(value: unknown): unknown;
}

const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, min: 60_000, h: 3_600_000, d: 86_400_000 };

/** "900000", "15m", "1.5h", "30s" → milliseconds. */
export function parseDuration(text: string): number {
  const match = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|min|h|d)?\s*$/.exec(text);
  if (!match)
    throw new HostError(
      'invalid-value',
      `"${text}" is not a duration. Use milliseconds or a unit: 30s, 15m, 3h, 1d.`,
    );
  return Math.round(Number(match[1]) * (UNITS[match[2] ?? 'ms'] ?? 1));
}

export function formatDurationSetting(ms: number): string {
  for (const [unit, size] of [
    ['d', 86_400_000],
    ['h', 3_600_000],
    ['m', 60_000],
    ['s', 1000],
  ] as const) {
    if (ms >= size && ms % size === 0) return `${ms / size}${unit}`;
  }
  return `${ms}ms`;
}

function wholeNumber(text: string): number {
  if (!/^\s*\d+\s*$/.test(text)) throw new HostError('invalid-value', `"${text}" is not a whole number.`);
  return Number(text);
}

function onOff(text: string): boolean {
  const normalized = text.trim().toLowerCase();
  if (['on', 'true', 'yes', '1'].includes(normalized)) return true;
  if (['off', 'false', 'no', '0'].includes(normalized)) return false;
  throw new HostError('invalid-value', `"${text}" is not on or off.`);
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/**
 * The values a number setting may take, and why the bounds are where they are: the reason is part of
 * every refusal, so a person learns what the limit protects.
 */
interface Bounds {
  min: number;
  max: number;
  /** Why nothing lower (omitted where the minimum is simply the smallest meaningful value). */
  belowMin?: string;
  aboveMax: string;
}

/** Problem and nearest value of a whole number within `bounds` (`show` writes a value as people type it). */
function boundedNumber(name: string, bounds: Bounds, show: (value: number) => string) {
  const range = `${show(bounds.min)} to ${show(bounds.max)}`;
  return {
    range: `${show(bounds.min)}–${show(bounds.max)}`,
    problem(value: unknown): string | undefined {
      if (typeof value !== 'number' || !Number.isSafeInteger(value))
        return `${name} must be a whole number from ${range}`;
      if (value < bounds.min)
        return `${name} must be at least ${show(bounds.min)}${bounds.belowMin ? `: ${bounds.belowMin}` : ''}`;
      if (value > bounds.max) return `${name} may be at most ${show(bounds.max)}: ${bounds.aboveMax}`;
      return undefined;
    },
    nearest(value: unknown): number | undefined {
      if (typeof value !== 'number' || Number.isNaN(value)) return undefined;
      return Math.min(Math.max(Math.round(value), bounds.min), bounds.max);
    },
  };
}

/** A key holding one whole number within `bounds`, read with `parse` and written with `show`. */
function boundedKey(
  name: string,
  stored: StoredKey,
  description: string,
  bounds: Bounds,
  parse: (text: string) => number,
  show: (value: number) => string,
): KeyDefinition {
  const check = boundedNumber(name, bounds, show);
  return {
    stored,
    description,
    range: check.range,
    parse,
    format: (value) => show(value as number),
    problem: check.problem,
    nearest: (value) => check.nearest(value) ?? defaultFor(stored),
  };
}

function duration(
  name: string,
  stored: keyof SyncSettings,
  description: string,
  bounds: Bounds,
): KeyDefinition {
  return boundedKey(name, stored, description, bounds, parseDuration, formatDurationSetting);
}

function count(name: string, stored: StoredKey, description: string, bounds: Bounds): KeyDefinition {
  return boundedKey(name, stored, description, bounds, wholeNumber, String);
}

function toggle(stored: keyof HostPreferences, description: string): KeyDefinition {
  return {
    stored,
    description,
    range: 'on/off',
    parse: onOff,
    format: (value) => (value ? 'on' : 'off'),
    problem: (value) => (typeof value === 'boolean' ? undefined : `${String(value)} is not on or off`),
    nearest: () => defaultFor(stored),
  };
}

/** A setting that may also be off (stored as null, or as 0 for a count). */
function orOff(definition: KeyDefinition, off: null | 0): KeyDefinition {
  return {
    ...definition,
    range: `${definition.range}, or off`,
    parse: (text) => (text.trim().toLowerCase() === 'off' ? off : definition.parse(text)),
    format: (value) => (value === off ? 'off' : definition.format(value)),
    problem: (value) => (value === off ? undefined : definition.problem(value)),
    nearest: (value) => (value === off ? off : definition.nearest(value)),
  };
}

const floorBounds: Bounds = {
  min: MINUTE,
  max: 365 * DAY,
  belowMin:
    'a shorter floor is developer mode, which is for one run and never stored: start that run with `pwa-host serve --min-interval-floor MS` (0: no floor)',
  aboveMax: 'a longer floor would stop periodic sync altogether, which `pwa-host pause APP` does for one app',
};

const retryDelay = boundedNumber(
  'each retry delay',
  { min: 0, max: 7 * DAY, aboveMax: 'a retry belongs to its period, and the next period comes anyway' },
  formatDurationSetting,
);

/** Waits before the 2nd, 3rd, … attempt: a comma-separated list of delays within `retryDelay`'s range. */
function delays(
  name: string,
  stored: 'retryDelaysMs' | 'oneOffRetryDelaysMs',
  description: string,
): KeyDefinition {
  return {
    stored,
    description,
    range: `each ${retryDelay.range}`,
    parse: (text) => text.split(',').map(parseDuration),
    format: (value) => (value as number[]).map(formatDurationSetting).join(','),
    problem(value) {
      if (!Array.isArray(value) || value.length === 0)
        return `${name} needs at least one delay, such as 5m,15m`;
      return value.map((delay: unknown) => retryDelay.problem(delay)).find((problem) => problem);
    },
    nearest(value) {
      if (!Array.isArray(value) || value.length === 0) return defaultFor(stored);
      return value.map((delay: unknown) => retryDelay.nearest(delay) ?? 0);
    },
  };
}

/** What `config get/set` accepts, by the name users type. */
export const CONFIG_KEYS = {
  'interval-floor': duration(
    'interval-floor',
    'minIntervalFloorMs',
    'lowest interval any periodic sync gets (lower, even 0, only for one run: serve --min-interval-floor)',
    floorBounds,
  ),
  'time-limit': duration(
    'time-limit',
    'eventTimeLimitMs',
    'how long one periodicsync or sync event may run',
    {
      min: 1000,
      max: HOUR,
      belowMin: 'a service worker may take that long just to start',
      aboveMax:
        'an event holds its service worker, a renderer process and one of the `concurrency` slots for as long as it may run, and a hung handler holds them that long (Chromium allows 3 minutes)',
    },
  ),
  attempts: count(
    'attempts',
    'maxAttemptsPerPeriod',
    'periodic syncs: attempts per period, the first included',
    {
      min: 1,
      max: 10,
      aboveMax: 'each attempt wakes the app’s service worker again within one period',
    },
  ),
  'retry-delays': delays(
    'retry-delays',
    'retryDelaysMs',
    'periodic syncs: waits before the 2nd, 3rd, … attempt, comma-separated',
  ),
  'one-off-attempts': count(
    'one-off-attempts',
    'oneOffMaxAttempts',
    'one-off syncs: attempts in all, the first included; after the last the sync is dropped',
    {
      min: 1,
      max: 10,
      aboveMax:
        'each attempt wakes the app’s service worker again, and a sync that fails 10 times will not succeed by itself',
    },
  ),
  'one-off-retry-delays': delays(
    'one-off-retry-delays',
    'oneOffRetryDelaysMs',
    'one-off syncs: waits before the 2nd, 3rd, … attempt, comma-separated',
  ),
  concurrency: count('concurrency', 'maxConcurrentEvents', 'service workers woken at once', {
    min: 1,
    max: 16,
    aboveMax: 'each woken worker costs a renderer process (tens of MiB) and a burst of CPU',
  }),
  'runs-kept': count('runs-kept', 'runsKeptPerRegistration', 'runs kept in the history per registration', {
    min: 1,
    max: 100_000,
    aboveMax: 'every registration keeps this many runs in the database',
  }),
  'max-tags': count(
    'max-tags',
    'maxTagsPerOrigin',
    'periodic sync registrations one origin may have, and as many pending one-off syncs',
    {
      min: 1,
      max: 10_000,
      aboveMax: 'one origin could then fill the schedule every app shares',
    },
  ),
  'browser-idle': orOff(
    duration(
      'browser-idle',
      'browserIdleMs',
      'stop the browser when unused this long, nothing is due within it and no app page is open (off: keep it)',
      { min: 0, max: DAY, aboveMax: 'to keep the browser running, set it to off' },
    ),
    null,
  ),
  autostart: toggle('autostart', 'start the host in the background at login'),
  'wake-when-quit': toggle(
    'wakeWhenQuit',
    'leave an OS wake-up that runs due tasks while the host is not running',
  ),
  'failure-alert-after': orOff(
    count(
      'failure-alert-after',
      'failureAlertAfter',
      'tell me (once) when a task fails this many runs in a row; a one-off sync given up is told at once (off: neither)',
      {
        min: 1,
        max: 1000,
        aboveMax: 'a task failing that many runs in a row has been broken for a long time',
      },
    ),
    0,
  ),
} satisfies Record<string, KeyDefinition>;

export type ConfigKey = keyof typeof CONFIG_KEYS;

export function isConfigKey(key: string): key is ConfigKey {
  return Object.hasOwn(CONFIG_KEYS, key);
}

export function configKeyOrThrow(key: string): ConfigKey {
  if (!isConfigKey(key)) {
    throw new HostError(
      'unknown-setting',
      `There is no setting "${key}". Settings: ${Object.keys(CONFIG_KEYS).join(', ')}.`,
    );
  }
  return key;
}

/** The defaults for every stored key, settings and preferences together. */
export function defaultFor(stored: StoredKey): unknown {
  return stored in DEFAULT_PREFERENCES
    ? DEFAULT_PREFERENCES[stored as keyof HostPreferences]
    : DEFAULT_SYNC_SETTINGS[stored as keyof SyncSettings];
}
