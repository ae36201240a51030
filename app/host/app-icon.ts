import { readFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import type { AppRecord, IconRecord } from '../store/records.ts';

const IMAGE_TYPES: Record<string, string> = {
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.webp': 'image/webp',
  '.gif': 'image/gif',
  '.ico': 'image/x-icon',
  '.svg': 'image/svg+xml',
};

/** The icon a list shows best: the smallest saved one of at least 64 px, else the largest. */
function listIcon(icons: readonly IconRecord[]): IconRecord | undefined {
  const saved = icons
    .filter(
      (icon) =>
        icon.file !== undefined && !(icon.purpose ?? 'any').split(/\s+/).every((p) => p === 'monochrome'),
    )
    .map((icon) => ({ icon, size: largestSize(icon.sizes) }))
    .sort((a, b) => a.size - b.size);
  return (saved.find((entry) => entry.size >= 64) ?? saved.at(-1))?.icon;
}

function largestSize(sizes: string | undefined): number {
  if (sizes === undefined || sizes.trim() === 'any') return sizes === undefined ? 0 : Number.MAX_SAFE_INTEGER;
  return Math.max(0, ...sizes.split(/\s+/).map((size) => Number(size.split(/x/i)[0]) || 0));
}

/**
 * An installed app's saved icon as a data: URL (what a page with a strict CSP can show), or null when it
 * saved none. The host named the file by the type it checked when saving it; nothing else is given out.
 */
export function appIconDataUrl(dataDir: string, app: AppRecord): string | null {
  const icon = listIcon(app.icons);
  if (icon?.file === undefined) return null;
  const type = IMAGE_TYPES[extname(icon.file).toLowerCase()];
  if (type === undefined) return null;
  try {
    return `data:${type};base64,${readFileSync(join(dataDir, icon.file)).toString('base64')}`;
  } catch {
    return null;
  }
}
