import { dirname, join, relative, resolve } from 'node:path';

/**
 * Where `npm run build:desktop` puts the desktop app's files, relative to the app's root (the folder, or
 * app.asar, holding package.json). The build script writes them and main/ loads them from here.
 */
export const BUNDLE_LAYOUT = {
  main: join('dist', 'main', 'main.js'),
  /**
   * Beside main.js: the package.json Electron reads when a developer runs `electron dist/main` (`npm start`).
   * The checkout's own package.json names no `main`, so `npm pack` never ships the desktop bundle; the
   * installers' package.json gets its `main` from electron-builder.yml `extraMetadata`.
   */
  developmentManifest: join('dist', 'main', 'package.json'),
  preloads: join('dist', 'preload'),
  /** The tray icons live beside main.js: app.asar holds dist/ and package.json only. */
  trayIcons: join('dist', 'main'),
} as const;

/**
 * The packages the main bundle loads from node_modules at run time; every other dependency is bundled into
 * main.js, so no package's module format or `exports` map can stop the app from loading in Electron (an
 * ESM-only package required from CommonJS did). Only `electron` (the runtime itself) and better-sqlite3
 * (its native addon cannot be bundled) stay outside, and only they go into app.asar's node_modules.
 */
export const MAIN_EXTERNAL_PACKAGES = ['electron', 'better-sqlite3'] as const;

/**
 * The app's root from the folder main.js runs in (its `__dirname`): app.asar when packaged, the checkout
 * in development, where Electron's app path is dist/main (the development manifest's folder) instead.
 */
export function bundleRoot(mainDir: string): string {
  return resolve(mainDir, relative(dirname(BUNDLE_LAYOUT.main), '.'));
}

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
