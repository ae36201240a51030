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
import { resolveSettings } from './host-settings.ts';

export function readPreferences(store: Store): HostPreferences {
  const stored = store.settings.all();
  return {
    autostart: typeof stored.autostart === 'boolean' ? stored.autostart : DEFAULT_PREFERENCES.autostart,
    wakeWhenQuit:
      typeof stored.wakeWhenQuit === 'boolean' ? stored.wakeWhenQuit : DEFAULT_PREFERENCES.wakeWhenQuit,
    failureAlertAfter:
      typeof stored.failureAlertAfter === 'number' && Number.isSafeInteger(stored.failureAlertAfter)
        ? stored.failureAlertAfter
        : DEFAULT_PREFERENCES.failureAlertAfter,
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
 * Parses, checks against every other setting, and stores one setting. Nothing is stored when the value
 * is rejected.
 */
export function storeConfig(store: Store, key: string, text: string, developerMode: boolean): ConfigKey {
  const known = configKeyOrThrow(key);
  const definition = CONFIG_KEYS[known];
  const value = definition.parse(text);
  if (!(definition.stored in DEFAULT_PREFERENCES)) {
    resolveSettings(store, { [definition.stored]: value }, developerMode); // throws a HostError naming the problem
  }
  store.settings.set(definition.stored, value);
  return known;
}
