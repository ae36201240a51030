/**
 * `npm run build:desktop`: bundles the Electron main process and every preload into single CommonJS files.
 *
 *   main/main.ts       → <out>/main/main.js        (node packages stay external: electron-builder ships them)
 *   preload/<name>.ts  → <out>/preload/<name>.js   (everything inlined: a sandboxed preload cannot require
 *                                                   anything but electron and a few Node built-ins)
 *
 * `--out DIR` writes somewhere else than dist/ (the build test uses a temporary directory).
 */
import { copyFileSync, existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { type BuildOptions, build } from 'esbuild';
import { BUNDLE_LAYOUT } from '../app/desktop/bundle-layout.ts';

const root = resolve(new URL('..', import.meta.url).pathname);
const { values } = parseArgs({ options: { out: { type: 'string' } } });
const out = resolve(values.out ?? join(root, 'dist'));

/** Electron 45 runs Node 24 in main and Chromium 14x in renderers. */
const shared: BuildOptions = {
  bundle: true,
  format: 'cjs',
  sourcemap: 'linked',
  logLevel: 'warning',
  absWorkingDir: root,
  // The core's files import each other with .ts extensions; esbuild resolves them as they are.
  resolveExtensions: ['.ts', '.js'],
};

const preloads = readdirSync(join(root, 'preload'))
  .filter((name) => name.endsWith('.ts') && !name.endsWith('.d.ts'))
  .map((name) => join('preload', name));

await Promise.all([
  build({
    ...shared,
    entryPoints: ['main/main.ts'],
    outfile: join(out, relative('dist', BUNDLE_LAYOUT.main)),
    platform: 'node',
    target: 'node24',
    // Dependencies (better-sqlite3's native binding above all) load from node_modules at run time.
    packages: 'external',
    external: ['electron'],
  }),
  ...preloads.map((entry) =>
    build({
      ...shared,
      entryPoints: [entry],
      outdir: join(out, relative('dist', BUNDLE_LAYOUT.preloads)),
      platform: 'browser',
      target: 'chrome140',
      external: ['electron'],
    }),
  ),
]);

// package.json says "type": "module"; these bundles are CommonJS, and Node reads the nearest package.json.
for (const folder of ['main', 'preload']) {
  mkdirSync(join(out, folder), { recursive: true });
  writeFileSync(join(out, folder, 'package.json'), '{ "type": "commonjs" }\n');
}
// The tray icon ships inside dist/main (app.asar holds dist/ and package.json only); build/icons is rendered
// from build/icon.svg by the packaging scripts.
const trayIcon = join(root, 'build', 'icons', '32x32.png');
if (existsSync(trayIcon)) copyFileSync(trayIcon, join(out, relative('dist', BUNDLE_LAYOUT.trayIcon)));
else console.warn(`no tray icon: ${trayIcon} is missing (the tray shows an empty image)`);
console.log(`built main and ${preloads.length} preload(s) into ${out}`);
