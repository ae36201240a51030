import type { AppRecord } from '../../host/host-operations.ts';
import { formatTable } from './format-table.ts';

export function renderApps(apps: readonly AppRecord[]): string {
  if (apps.length === 0) return 'No apps installed.\n';
  return formatTable(
    ['ID', 'NAME', 'ORIGIN', 'PAUSED'],
    apps.map((app) => [app.id, app.name, app.origin, app.paused ? 'yes' : 'no']),
  );
}
