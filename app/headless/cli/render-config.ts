import type { ConfigEntry } from '../../host/host-operations.ts';
import { formatTable } from './format-table.ts';

export function renderConfig(entries: readonly ConfigEntry[]): string {
  return formatTable(
    ['KEY', 'VALUE', 'DEFAULT', 'WHAT IT DOES'],
    entries.map((entry) => [entry.key, entry.value, entry.default, entry.description]),
  );
}
