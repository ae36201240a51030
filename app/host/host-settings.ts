import type { Store } from '../store/store.ts';
import { DEFAULT_SYNC_SETTINGS, type SyncSettings, validateSyncSettings } from '../sync/settings.ts';
import { CONFIG_KEYS } from './config-keys.ts';
import { readStoredSettings, type SettingAdjustment } from './stored-settings.ts';

export interface ResolvedSettings {
  settings: SyncSettings;
  /** Stored settings this run could not use as stored (replaced by the nearest valid value). */
  adjusted: SettingAdjustment[];
}

/**
 * Defaults, then what the user stored with `config set`, then this run's overrides (e.g. serve flags). A
 * stored value never stops the host (see readStoredSettings); an override must be valid.
 */
export function resolveSettings(
  store: Store,
  overrides: Partial<SyncSettings>,
  developerMode: boolean,
): ResolvedSettings {
  const stored = readStoredSettings(store);
  const merged: SyncSettings = {
    ...DEFAULT_SYNC_SETTINGS,
    retryDelaysMs: [...DEFAULT_SYNC_SETTINGS.retryDelaysMs],
    oneOffRetryDelaysMs: [...DEFAULT_SYNC_SETTINGS.oneOffRetryDelaysMs],
  };
  for (const key of Object.keys(DEFAULT_SYNC_SETTINGS) as (keyof SyncSettings)[]) {
    if (stored.values[key] !== undefined) Object.assign(merged, { [key]: stored.values[key] });
    if (overrides[key] !== undefined) Object.assign(merged, { [key]: overrides[key] });
  }
  // A stored value this run overrides is not what it runs with: nothing to report for it.
  const adjusted = stored.adjusted.filter(
    ({ key }) => overrides[CONFIG_KEYS[key].stored as keyof SyncSettings] === undefined,
  );
  return { settings: validateSyncSettings(merged, developerMode), adjusted };
}
