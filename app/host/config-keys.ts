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

type StoredKey = keyof SyncSettings | keyof HostPreferences;

interface KeyDefinition {
  stored: StoredKey;
  description: string;
  parse(text: string): unknown;
  format(value: unknown): string;
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

const duration = (stored: keyof SyncSettings, description: string): KeyDefinition => ({
  stored,
  description,
  parse: parseDuration,
  format: (value) => formatDurationSetting(value as number),
});
const count = (stored: keyof SyncSettings, description: string): KeyDefinition => ({
  stored,
  description,
  parse: wholeNumber,
  format: (value) => String(value),
});
const delays = (stored: 'retryDelaysMs' | 'oneOffRetryDelaysMs', description: string): KeyDefinition => ({
  stored,
  description,
  parse: (text) => text.split(',').map(parseDuration),
  format: (value) => (value as number[]).map(formatDurationSetting).join(','),
});
const toggle = (stored: keyof HostPreferences, description: string): KeyDefinition => ({
  stored,
  description,
  parse: onOff,
  format: (value) => (value ? 'on' : 'off'),
});

/** What `config get/set` accepts, by the name users type. */
export const CONFIG_KEYS = {
  'interval-floor': duration(
    'minIntervalFloorMs',
    'lowest interval any periodic sync gets (0 only in developer mode)',
  ),
  'time-limit': duration('eventTimeLimitMs', 'how long one periodicsync or sync event may run'),
  attempts: count('maxAttemptsPerPeriod', 'periodic syncs: attempts per period, the first included'),
  'retry-delays': delays(
    'retryDelaysMs',
    'periodic syncs: waits before the 2nd, 3rd, … attempt, comma-separated',
  ),
  'one-off-attempts': count(
    'oneOffMaxAttempts',
    'one-off syncs: attempts in all, the first included; after the last the sync is dropped',
  ),
  'one-off-retry-delays': delays(
    'oneOffRetryDelaysMs',
    'one-off syncs: waits before the 2nd, 3rd, … attempt, comma-separated',
  ),
  concurrency: count('maxConcurrentEvents', 'service workers woken at once'),
  'runs-kept': count('runsKeptPerRegistration', 'runs kept in the history per registration'),
  'max-tags': count(
    'maxTagsPerOrigin',
    'periodic sync registrations one origin may have, and as many pending one-off syncs',
  ),
  'browser-idle': {
    stored: 'browserIdleMs',
    description:
      'stop the browser when unused this long, nothing is due within it and no app page is open (off: keep it)',
    parse: (text) => (text.trim().toLowerCase() === 'off' ? null : parseDuration(text)),
    format: (value) => (value === null ? 'off' : formatDurationSetting(value as number)),
  },
  autostart: toggle('autostart', 'start the host in the background at login'),
  'wake-when-quit': toggle(
    'wakeWhenQuit',
    'leave an OS wake-up that runs due tasks while the host is not running',
  ),
  'failure-alert-after': {
    stored: 'failureAlertAfter',
    description: 'tell me (once) when a task fails this many runs in a row (off: never)',
    parse: (text) => (text.trim().toLowerCase() === 'off' ? 0 : wholeNumber(text)),
    format: (value) => (value === 0 ? 'off' : String(value)),
  },
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
