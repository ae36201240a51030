import type { AppRecord } from '../../host/host-operations.ts';
import { formatTable } from './format-table.ts';

export function renderApps(apps: readonly AppRecord[]): string {
  if (apps.length === 0) return 'No apps installed.\n';
  return formatTable(
    ['ID', 'NAME', 'ORIGIN', 'PAUSED', 'MUTED', 'BADGE'],
    apps.map((app) => [
      app.id,
      app.name,
      app.origin,
      app.paused ? 'yes' : 'no',
      app.notificationsMuted ? 'yes' : 'no',
      app.badge === null ? '-' : app.badge === 'flag' ? '•' : String(app.badge),
    ]),
  );
}
