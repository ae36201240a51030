import type { Store } from '../store/store.ts';
import { CONFIG_KEYS, type ConfigKey, defaultFor, type StoredKey } from './config-keys.ts';

/** A stored setting this run cannot use as stored, and the value it uses instead. */
export interface SettingAdjustment {
  /** The setting as the CLI names it. */
  key: ConfigKey;
  /** What is stored, as `config` shows a value. */
  stored: string;
  /** What this run uses instead: the valid value nearest to the stored one. */
  used: string;
  /** Why, and how to store a value that works, for people. */
  message: string;
}

export interface StoredSettings {
  /** Every stored setting by its stored name, each valid (a bad one replaced by its nearest valid value). */
  values: Partial<Record<StoredKey, unknown>>;
  adjusted: SettingAdjustment[];
}

/**
 * The stored settings, read so that none can stop the host: a value this build cannot use (stored by
 * another build, edited by hand, out of a range added since) is replaced by the nearest valid value, and
 * the replacement is reported for the log and `status`. Nothing is written: the person decides.
 */
export function readStoredSettings(store: Store): StoredSettings {
  const stored = store.settings.all();
  const values: Partial<Record<StoredKey, unknown>> = {};
  const adjusted: SettingAdjustment[] = [];
  for (const key of Object.keys(CONFIG_KEYS) as ConfigKey[]) {
    const definition = CONFIG_KEYS[key];
    if (!Object.hasOwn(stored, definition.stored)) continue;
    const value = stored[definition.stored];
    const problem = definition.problem(value);
    if (problem === undefined) {
      values[definition.stored] = value;
      continue;
    }
    const nearest = definition.nearest(value);
    values[definition.stored] = nearest;
    const shown = showStored(definition.format, value, defaultFor(definition.stored));
    const used = definition.format(nearest);
    adjusted.push({
      key,
      stored: shown,
      used,
      message:
        `The stored setting ${key} (${shown}) cannot be used: ${problem}. This run uses ${used}; ` +
        `\`pwa-host config set ${key} VALUE\` stores a value that works.`,
    });
  }
  return { values, adjusted };
}

/** A stored value as `config` would show it, or as stored when it is not of the setting's kind. */
function showStored(format: (value: unknown) => string, value: unknown, kindOf: unknown): string {
  const finite = (item: unknown) => typeof item === 'number' && Number.isFinite(item);
  const ofItsKind = Array.isArray(kindOf)
    ? Array.isArray(value) && value.every(finite)
    : typeof value === typeof kindOf && (typeof value !== 'number' || finite(value));
  return ofItsKind ? format(value) : JSON.stringify(value);
}
