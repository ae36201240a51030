import type { Store } from '../store/store.ts';
import type { ConfigKey } from './config-keys.ts';
import { readPreferences, storeConfig } from './host-config.ts';
import type { OsIntegration } from './os-integration.ts';

/** Stores one setting and carries out what it means outside the store (autostart entry, wake-up). */
export async function applyConfig(
  store: Store,
  os: OsIntegration,
  key: string,
  value: string,
): Promise<ConfigKey> {
  const stored = storeConfig(store, key, value);
  const preferences = readPreferences(store);
  if (stored === 'autostart') await os.setAutostart(preferences.autostart);
  if (stored === 'wake-when-quit' && !preferences.wakeWhenQuit) await os.disarmWakeUp();
  return stored;
}
