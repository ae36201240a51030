import { formatRelativeTime } from '../../base/format-relative-time.ts';
import type { OpenedPage } from '../../host/host-operations.ts';
import { formatTable } from './format-table.ts';

export function renderPages(pages: readonly OpenedPage[], now: number): string {
  if (pages.length === 0) return 'No open pages.\n';
  return formatTable(
    ['ID', 'APP', 'URL', 'HTTP', 'OPENED', 'CLOSES'],
    pages.map((page) => [
      page.id,
      page.appName,
      page.url,
      page.status === null ? '-' : String(page.status),
      formatRelativeTime(page.openedAt, now),
      page.closesAt === null ? 'when closed' : formatRelativeTime(page.closesAt, now),
    ]),
  );
}
