import type { Store } from '../store/store.ts';
import { DEFAULT_SYNC_SETTINGS, type SyncSettings, validateSyncSettings } from '../sync/settings.ts';

/** Defaults, then what the user stored with `config set`, then this run's overrides (e.g. serve flags). */
export function resolveSettings(
  store: Store,
  overrides: Partial<SyncSettings>,
  developerMode: boolean,
): SyncSettings {
  const stored = store.settings.all();
  const merged: SyncSettings = {
    ...DEFAULT_SYNC_SETTINGS,
    retryDelaysMs: [...DEFAULT_SYNC_SETTINGS.retryDelaysMs],
    oneOffRetryDelaysMs: [...DEFAULT_SYNC_SETTINGS.oneOffRetryDelaysMs],
  };
  for (const key of Object.keys(DEFAULT_SYNC_SETTINGS) as (keyof SyncSettings)[]) {
    if (key in stored) Object.assign(merged, { [key]: stored[key] });
    if (overrides[key] !== undefined) Object.assign(merged, { [key]: overrides[key] });
  }
  return validateSyncSettings(merged, developerMode);
}
