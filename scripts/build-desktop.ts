/**
 * `npm run build:desktop`: bundles the Electron main process and every preload into single CommonJS files.
 *
 *   main/main.ts       → <out>/main/main.js        (node packages stay external: electron-builder ships them)
 *   preload/<name>.ts  → <out>/preload/<name>.js   (everything inlined: a sandboxed preload cannot require
 *                                                   anything but electron and a few Node built-ins)
 *
 * `--out DIR` writes somewhere else than dist/ (the build test uses a temporary directory).
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { Resvg } from '@resvg/resvg-js';
import { type BuildOptions, build } from 'esbuild';
import { BUNDLE_LAYOUT, TRAY_ICON_SIZES, trayIconFile } from '../app/desktop/bundle-layout.ts';
import { ICON_SOURCE } from './packaging/icon-targets.ts';

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
// The tray icons, rendered from the one icon source the installers' icons come from.
const svg = readFileSync(join(root, ICON_SOURCE));
for (const pixels of TRAY_ICON_SIZES) {
  for (const scale of [1, 2] as const) {
    const png = new Resvg(svg, { fitTo: { mode: 'width', value: pixels * scale } }).render().asPng();
    writeFileSync(join(out, relative('dist', BUNDLE_LAYOUT.trayIcons), trayIconFile(pixels, scale)), png);
  }
}
console.log(`built main and ${preloads.length} preload(s) into ${out}`);
