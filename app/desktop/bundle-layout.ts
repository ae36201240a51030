import { join } from 'node:path';

/**
 * Where `npm run build:desktop` puts the desktop app's files, relative to the app's root (the folder, or
 * app.asar, holding package.json). The build script writes them and main/ loads them from here.
 */
export const BUNDLE_LAYOUT = {
  main: join('dist', 'main', 'main.js'),
  preloads: join('dist', 'preload'),
  /** The tray icons live beside main.js: app.asar holds dist/ and package.json only. */
  trayIcons: join('dist', 'main'),
} as const;

/**
 * The tray icon sizes the build renders (each with an @2x twin, which Electron picks on HiDPI screens):
 * 16 pt in the macOS menu bar, 32 px elsewhere (Linux panels scale it down to 22-24).
 */
export const TRAY_ICON_SIZES = [16, 32] as const;

export function trayIconFile(pixels: number, scale: 1 | 2 = 1): string {
  return `tray-${pixels}${scale === 2 ? '@2x' : ''}.png`;
}

/** The tray icon for a platform, relative to the app's root. */
export function trayIcon(platform: NodeJS.Platform): string {
  return join(BUNDLE_LAYOUT.trayIcons, trayIconFile(platform === 'darwin' ? 16 : 32));
}

/** A preload's bundle: `preload/<name>.ts` → `dist/preload/<name>.js`. */
export function preloadBundle(name: string): string {
  return join(BUNDLE_LAYOUT.preloads, `${name}.js`);
}
