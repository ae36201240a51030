import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ManifestIcon } from '../engine/browser-pages.ts';
import type { Logger } from '../logging/logger.ts';
import type { IconRecord } from '../store/records.ts';

const MAX_ICON_BYTES = 1024 * 1024;
const ICON_TIMEOUT_MS = 5000;
const EXTENSIONS: Record<string, string> = {
  'image/png': 'png',
  'image/svg+xml': 'svg',
  'image/webp': 'webp',
  'image/jpeg': 'jpg',
  'image/x-icon': 'ico',
  'image/vnd.microsoft.icon': 'ico',
};

/** Every installed app has a folder here named by its id (empty if none of its icons could be saved). */
export const ICONS_DIR = 'icons';

export function iconsDir(dataDir: string, appId: string): string {
  return join(dataDir, ICONS_DIR, appId);
}

/**
 * Downloads the manifest's icons into the data dir (replacing earlier copies). An icon that cannot be
 * fetched is kept as a reference without a file: an app installs without its icons rather than not at all.
 */
export async function saveIcons(
  dataDir: string,
  appId: string,
  icons: ManifestIcon[],
  logger: Logger,
): Promise<IconRecord[]> {
  const dir = iconsDir(dataDir, appId);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  return Promise.all(
    icons.map(async (icon, index): Promise<IconRecord> => {
      const record: IconRecord = {
        src: icon.url,
        ...(icon.sizes ? { sizes: icon.sizes } : {}),
        ...(icon.type ? { type: icon.type } : {}),
        ...(icon.purpose ? { purpose: icon.purpose } : {}),
      };
      try {
        const response = await fetch(icon.url, { signal: AbortSignal.timeout(ICON_TIMEOUT_MS) });
        if (!response.ok) throw new Error(`HTTP ${response.status}`);
        const type = (response.headers.get('content-type') ?? icon.type ?? '').split(';')[0]?.trim() ?? '';
        const extension = EXTENSIONS[type];
        if (!extension) throw new Error(`not an image (${type || 'no content type'})`);
        const bytes = Buffer.from(await response.arrayBuffer());
        if (bytes.length > MAX_ICON_BYTES) throw new Error(`larger than ${MAX_ICON_BYTES} bytes`);
        const file = join('icons', appId, `${index}.${extension}`);
        writeFileSync(join(dataDir, file), bytes);
        return { ...record, file };
      } catch (error) {
        logger.warn({ icon: icon.url, error: String(error) }, 'could not save an app icon');
        return record;
      }
    }),
  );
}
