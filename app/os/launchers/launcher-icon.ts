import { existsSync } from 'node:fs';
import { extname, join, resolve } from 'node:path';
import type { IconRecord } from '../../store/records.ts';

/** An icon name from the freedesktop Icon Naming Specification, for apps without a usable saved icon. */
export const GENERIC_LAUNCHER_ICON = 'web-browser';

/** The Icon key takes PNG, SVG or XPM files; WebP, JPEG and ICO would show as a blank icon on many desktops. */
export const LAUNCHER_ICON_FORMATS: Readonly<Record<string, number>> = { '.png': 0, '.svg': 1 };

/**
 * The absolute path of the saved icon a launcher should show, or undefined when no saved icon will do.
 * Order: icons meant for general use before maskable-only ones (maskable icons carry safe-zone padding and
 * look small in a menu; monochrome ones are never used), PNG before SVG, then the largest `sizes`.
 */
export function bestLauncherIcon(icons: readonly IconRecord[], dataDir: string): string | undefined {
  return bestSavedIcon(icons, dataDir, LAUNCHER_ICON_FORMATS);
}

/**
 * The best saved icon whose file extension `formatRank` ranks (lower first; a format it omits is never
 * chosen), in the launcher's order otherwise: general-use before maskable-only, then the largest `sizes`.
 */
export function bestSavedIcon(
  icons: readonly IconRecord[],
  dataDir: string,
  formatRank: Readonly<Record<string, number>>,
): string | undefined {
  const candidates = icons.flatMap((icon) => {
    if (!icon.file) return [];
    const format = formatRank[extname(icon.file).toLowerCase()];
    const purposeRank = rankPurpose(icon.purpose);
    const path = resolve(join(dataDir, icon.file));
    if (format === undefined || purposeRank === undefined || !existsSync(path)) return [];
    return [{ path, rank: [purposeRank, format, -largestSize(icon.sizes)] }];
  });
  candidates.sort((a, b) => compareRanks(a.rank, b.rank));
  return candidates[0]?.path;
}

function rankPurpose(purpose: string | undefined): number | undefined {
  const purposes = (purpose ?? 'any').split(/\s+/);
  if (purposes.includes('any')) return 0;
  if (purposes.includes('maskable')) return 1;
  return undefined;
}

/** The largest edge among `sizes` tokens such as "192x192 512x512"; 0 when none is given ("any", absent). */
function largestSize(sizes: string | undefined): number {
  let largest = 0;
  for (const token of (sizes ?? '').toLowerCase().split(/\s+/)) {
    const match = /^(\d+)x(\d+)$/.exec(token);
    if (match) largest = Math.max(largest, Number(match[1]), Number(match[2]));
  }
  return largest;
}

function compareRanks(a: number[], b: number[]): number {
  for (let index = 0; index < a.length; index++) {
    const difference = (a[index] ?? 0) - (b[index] ?? 0);
    if (difference !== 0) return difference;
  }
  return 0;
}
