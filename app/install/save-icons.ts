import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ManifestIcon } from '../engine/browser-pages.ts';
import type { Logger } from '../logging/logger.ts';
import type { IconRecord } from '../store/records.ts';
import { fetchIcon, ICON_LIMITS } from './fetch-icon.ts';
import { iconsDir } from './icons-dir.ts';

const EXTENSIONS: Record<string, string> = {
  'image/png': 'png',
  'image/svg+xml': 'svg',
  'image/webp': 'webp',
  'image/jpeg': 'jpg',
  'image/x-icon': 'ico',
  'image/vnd.microsoft.icon': 'ico',
};
const STAGED_SUFFIX = '.staged';

/** Where an install puts an app's new icons until it completes; an installed app's icons stay untouched. */
function stagedIconsDir(dataDir: string, appId: string): string {
  return `${iconsDir(dataDir, appId)}${STAGED_SUFFIX}`;
}

/**
 * Downloads the manifest's first icons (see fetchIcon for the limits and which URLs are fetched) into a
 * staging folder; `commitIcons` puts them in place when the install completes. Only the icons saved are
 * recorded, with their files named as they will be then: a manifest listing thousands of icons must not
 * ride along with every `list`. An app whose icons cannot be fetched installs without them.
 */
export async function saveIcons(
  dataDir: string,
  appId: string,
  icons: ManifestIcon[],
  logger: Logger,
  appOrigin: string,
): Promise<IconRecord[]> {
  const staged = stagedIconsDir(dataDir, appId);
  rmSync(staged, { recursive: true, force: true });
  mkdirSync(staged, { recursive: true, mode: 0o700 });
  if (icons.length > ICON_LIMITS.maxIcons) {
    logger.warn(
      { icons: icons.length, fetched: ICON_LIMITS.maxIcons },
      `the manifest lists ${icons.length} icons: only the first ${ICON_LIMITS.maxIcons} are fetched`,
    );
  }
  const saved = await Promise.all(
    icons.slice(0, ICON_LIMITS.maxIcons).map(async (icon, index): Promise<IconRecord | undefined> => {
      try {
        const fetched = await fetchIcon(icon.url, appOrigin);
        const type = (fetched.contentType || icon.type || '').split(';')[0]?.trim() ?? '';
        const extension = EXTENSIONS[type];
        if (!extension) throw new Error(`not an image (${type || 'no content type'})`);
        const name = `${index}.${extension}`;
        writeFileSync(join(staged, name), fetched.bytes, { mode: 0o600 });
        return {
          src: icon.url,
          ...(icon.sizes ? { sizes: icon.sizes } : {}),
          ...(icon.type ? { type: icon.type } : {}),
          ...(icon.purpose ? { purpose: icon.purpose } : {}),
          file: join('icons', appId, name),
        };
      } catch (error) {
        logger.warn({ icon: icon.url.slice(0, 200), error: String(error) }, 'could not save an app icon');
        return undefined;
      }
    }),
  );
  return saved.filter((record) => record !== undefined);
}

/** The install completed: its staged icons replace the app's earlier ones. */
export function commitIcons(dataDir: string, appId: string): void {
  const staged = stagedIconsDir(dataDir, appId);
  if (!existsSync(staged)) return;
  rmSync(iconsDir(dataDir, appId), { recursive: true, force: true });
  renameSync(staged, iconsDir(dataDir, appId));
}

/** Removes what an install that did not complete saved; with `alsoInstalled`, the app's icons too. */
export function discardIcons(dataDir: string, appId: string, alsoInstalled: boolean): void {
  rmSync(stagedIconsDir(dataDir, appId), { recursive: true, force: true });
  if (alsoInstalled) rmSync(iconsDir(dataDir, appId), { recursive: true, force: true });
}
