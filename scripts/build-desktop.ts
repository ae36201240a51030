/**
 * `npm run build:desktop`: bundles the Electron main process and every preload into single CommonJS files.
 *
 *   main/main.ts       → <out>/main/main.js        (every dependency inlined but MAIN_EXTERNAL_PACKAGES)
 *   preload/<name>.ts  → <out>/preload/<name>.js   (everything inlined: a sandboxed preload cannot require
 *                                                   anything but electron and a few Node built-ins)
 *   <out>/main/package.json                        the manifest `electron dist/main` runs in development
 *
 * `--out DIR` writes somewhere else than dist/ (the build test uses a temporary directory).
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { Resvg } from '@resvg/resvg-js';
import { type BuildOptions, build } from 'esbuild';
import {
  BUNDLE_LAYOUT,
  MAIN_EXTERNAL_PACKAGES,
  TRAY_ICON_SIZES,
  trayIconFile,
} from '../app/desktop/bundle-layout.ts';
import { loadBuilderConfig } from './packaging/builder-config.ts';
import { ICON_SOURCE } from './packaging/icon-targets.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const { values } = parseArgs({ options: { out: { type: 'string' } } });
const out = resolve(values.out ?? join(root, 'dist'));
const inOut = (path: string) => join(out, relative('dist', path));

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
    outfile: inOut(BUNDLE_LAYOUT.main),
    platform: 'node',
    target: 'node24',
    external: [...MAIN_EXTERNAL_PACKAGES],
  }),
  ...preloads.map((entry) =>
    build({
      ...shared,
      entryPoints: [entry],
      outdir: inOut(BUNDLE_LAYOUT.preloads),
      platform: 'browser',
      target: 'chrome140',
      external: ['electron'],
    }),
  ),
]);

// package.json says "type": "module"; these bundles are CommonJS, and Node reads the nearest package.json.
mkdirSync(inOut(BUNDLE_LAYOUT.preloads), { recursive: true });
writeFileSync(join(inOut(BUNDLE_LAYOUT.preloads), 'package.json'), '{ "type": "commonjs" }\n');
writeFileSync(
  inOut(BUNDLE_LAYOUT.developmentManifest),
  `${JSON.stringify(developmentManifest(), null, 2)}\n`,
);

// The tray icons, rendered from the one icon source the installers' icons come from.
const svg = readFileSync(join(root, ICON_SOURCE));
for (const pixels of TRAY_ICON_SIZES) {
  for (const scale of [1, 2] as const) {
    const png = new Resvg(svg, { fitTo: { mode: 'width', value: pixels * scale } }).render().asPng();
    writeFileSync(join(inOut(BUNDLE_LAYOUT.trayIcons), trayIconFile(pixels, scale)), png);
  }
}
console.log(`built main and ${preloads.length} preload(s) into ${out}`);

/**
 * What Electron reads from dist/main/package.json when a developer runs `electron dist/main`: the names
 * the installers' package.json carries (electron-builder.yml's productName, the checkout's desktopName),
 * main.js as `main`, and CommonJS for the bundle beside it. Packaged, the same file only says CommonJS.
 */
function developmentManifest(): Record<string, string> {
  const project = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as Record<string, string>;
  const builder = loadBuilderConfig(join(root, 'electron-builder.yml')) as { productName: string };
  return {
    name: String(project.name),
    productName: builder.productName,
    version: String(project.version),
    desktopName: String(project.desktopName),
    main: basename(BUNDLE_LAYOUT.main),
    type: 'commonjs',
  };
}
