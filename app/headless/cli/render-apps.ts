import type { AppRecord } from '../../host/host-operations.ts';
import { formatTable } from './format-table.ts';

export function renderApps(apps: readonly AppRecord[]): string {
  if (apps.length === 0) return 'No apps installed.\n';
  return formatTable(
    // The scope, not only the origin: two apps may share one origin (user.github.io/notes/, …/todo/).
    ['ID', 'NAME', 'SCOPE', 'PAUSED', 'MUTED', 'BADGE'],
    apps.map((app) => [
      app.id,
      app.name,
      app.scope,
      app.paused ? 'yes' : 'no',
      app.notificationsMuted ? 'yes' : 'no',
      app.badge === null ? '-' : app.badge === 'flag' ? '•' : String(app.badge),
    ]),
  );
}
