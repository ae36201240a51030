import type { OSType } from '@fiahfy/icns';

/** The one source image every icon is rendered from. */
export const ICON_SOURCE = 'build/icon.svg';

/**
 * Linux: hicolor sizes for the desktop entry, as `build/icons/<n>x<n>.png` (electron-builder's `linux.icon`
 * folder, named the way it installs them into /usr/share/icons/hicolor).
 */
export const LINUX_ICON_SIZES = [16, 24, 32, 48, 64, 128, 256, 512] as const;

/** Windows: every size Explorer, the taskbar and the Start menu pick from, up to 256 (NSIS needs 256). */
export const ICO_SIZES = [16, 24, 32, 48, 64, 128, 256] as const;

/** macOS: each slot of an .icns with the pixel size it holds (@2x slots hold twice their point size). */
export const ICNS_SLOTS: readonly { osType: OSType; pixels: number }[] = [
  { osType: 'ic04', pixels: 16 },
  { osType: 'ic05', pixels: 32 },
  { osType: 'ic11', pixels: 32 },
  { osType: 'ic12', pixels: 64 },
  { osType: 'ic07', pixels: 128 },
  { osType: 'ic13', pixels: 256 },
  { osType: 'ic08', pixels: 256 },
  { osType: 'ic14', pixels: 512 },
  { osType: 'ic09', pixels: 512 },
  { osType: 'ic10', pixels: 1024 },
];

/** Where the generator writes, relative to its output folder (electron-builder.yml names the same paths). */
export const ICON_OUTPUTS = {
  linuxFolder: 'icons',
  ico: 'icon.ico',
  icns: 'icon.icns',
} as const;
