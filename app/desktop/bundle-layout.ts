import { join } from 'node:path';

/**
 * Where `npm run build:desktop` puts the desktop app's files, relative to the app's root (the folder, or
 * app.asar, holding package.json). The build script writes them and main/ loads them from here.
 */
export const BUNDLE_LAYOUT = {
  main: join('dist', 'main', 'main.js'),
  preloads: join('dist', 'preload'),
  /** The tray icon, beside main.js: app.asar holds dist/ and package.json only. */
  trayIcon: join('dist', 'main', 'tray-icon.png'),
} as const;

/** A preload's bundle: `preload/<name>.ts` → `dist/preload/<name>.js`. */
export function preloadBundle(name: string): string {
  return join(BUNDLE_LAYOUT.preloads, `${name}.js`);
}
