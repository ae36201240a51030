import { HostError } from '../base/errors.ts';
import type { Store } from '../store/store.ts';
import type { SyncSettings } from '../sync/settings.ts';
import {
  CONFIG_KEYS,
  type ConfigKey,
  configKeyOrThrow,
  DEFAULT_PREFERENCES,
  defaultFor,
  type HostPreferences,
} from './config-keys.ts';
import type { ConfigEntry } from './host-operations.ts';
import { readStoredSettings } from './stored-settings.ts';

export function readPreferences(store: Store): HostPreferences {
  const { values } = readStoredSettings(store);
  const preference = <K extends keyof HostPreferences>(key: K) =>
    (values[key] as HostPreferences[K] | undefined) ?? DEFAULT_PREFERENCES[key];
  return {
    autostart: preference('autostart'),
    wakeWhenQuit: preference('wakeWhenQuit'),
    failureAlertAfter: preference('failureAlertAfter'),
  };
}

/** Every setting with the value in force (`settings` includes a running host's command-line overrides). */
export function configEntries(settings: SyncSettings, preferences: HostPreferences): ConfigEntry[] {
  const values: Record<string, unknown> = { ...settings, ...preferences };
  return (Object.keys(CONFIG_KEYS) as ConfigKey[]).map((key) => {
    const definition = CONFIG_KEYS[key];
    return {
      key,
      value: definition.format(values[definition.stored]),
      default: definition.format(defaultFor(definition.stored)),
      description: definition.description,
    };
  });
}

/** One setting's row, as `config set` reports it after storing it. */
export function configEntry(
  settings: SyncSettings,
  preferences: HostPreferences,
  key: ConfigKey,
): ConfigEntry {
  return configEntries(settings, preferences).find((entry) => entry.key === key) as ConfigEntry;
}

/**
 * Parses, checks and stores one setting. A stored value must work for every later run, whatever this
 * run's flags (developer mode is one run's, never stored), so its range is checked without them.
 * Nothing is stored when the value is refused.
 */
export function storeConfig(store: Store, key: string, text: string): ConfigKey {
  const known = configKeyOrThrow(key);
  const definition = CONFIG_KEYS[known];
  const value = definition.parse(text);
  const problem = definition.problem(value);
  if (problem !== undefined) throw new HostError('invalid-value', `${problem}. Nothing was stored.`);
  store.settings.set(definition.stored, value);
  return known;
}
