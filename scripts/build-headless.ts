/**
 * Builds the headless host for the published npm package (`npm run build:headless`; `npm pack` runs it):
 * app/headless/cli/main.ts → dist/headless/cli.js (+ chunks loaded on demand), and the `pwa-host` launcher
 * dist/headless/pwa-host.js. Node refuses to strip types from files under node_modules, so an installed
 * package needs JavaScript. Every dependency stays external: npm installs them (better-sqlite3's native
 * addon, pino's worker-thread transport) and they load from node_modules as in the checkout.
 */
import { chmodSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { build, type Plugin } from 'esbuild';

const root = resolve(import.meta.dirname, '..');
const outdir = join(root, 'dist', 'headless');

// In a checkout the host's command is bin/pwa-host; in the package it is the launcher beside the bundle.
const bundledHostCommand: Plugin = {
  name: 'bundled-host-command',
  setup(pluginBuild) {
    pluginBuild.onResolve({ filter: /\/host-command\.ts$/ }, () => ({
      path: join(root, 'scripts', 'headless', 'bundled-host-command.ts'),
    }));
  },
};

export async function buildHeadless(): Promise<void> {
  rmSync(outdir, { recursive: true, force: true });
  await build({
    entryPoints: { cli: join(root, 'app', 'headless', 'cli', 'main.ts') },
    outdir,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node24',
    packages: 'external',
    chunkNames: '[name]-[hash]',
    plugins: [bundledHostCommand],
    logLevel: 'warning',
  });
  await build({
    entryPoints: [join(root, 'scripts', 'headless', 'launcher.ts')],
    outfile: join(outdir, 'pwa-host.js'),
    format: 'esm',
    platform: 'node',
    // Old enough that any Node that can run npm parses it and reaches the version check.
    target: 'node16',
    banner: { js: '#!/usr/bin/env node' },
    logLevel: 'warning',
  });
  chmodSync(join(outdir, 'pwa-host.js'), 0o755);
}

if (import.meta.main) await buildHeadless();
