import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { UI_CONTENT_SECURITY_POLICY } from '../app/host/ui-page.ts';

/**
 * Builds the management UI (renderer/) into dist/renderer/: index.html, ui.js, ui.css, and the page side
 * of `pwa-host ui`'s bridge (host-bridge.js, which that command injects; the Electron shell uses its
 * preload instead). No inline script and no eval anywhere, so the page runs under a strict CSP.
 */
const root = fileURLToPath(new URL('..', import.meta.url));

/** Builds into `out` (default dist/renderer/, where `pwa-host ui` and the Electron shell look). */
export async function buildUi(out = join(root, 'dist', 'renderer')): Promise<void> {
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  const common = {
    bundle: true,
    minify: true,
    sourcemap: false,
    target: 'chrome120',
    legalComments: 'none',
    logLevel: 'warning',
    jsx: 'automatic',
    jsxImportSource: 'preact',
  } as const;
  await build({
    ...common,
    entryPoints: { ui: join(root, 'renderer', 'main.tsx') },
    outdir: out,
    format: 'esm',
  });
  await build({
    ...common,
    entryPoints: { 'host-bridge': join(root, 'renderer', 'bridge', 'binding-host-api.ts') },
    outdir: out,
    format: 'iife',
  });
  writeFileSync(join(out, 'index.html'), indexHtml());
}

function indexHtml(): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${UI_CONTENT_SECURITY_POLICY}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<title>PWA Host</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="ui.css">
<script type="module" src="ui.js"></script>
</head>
<body>
<div id="root"></div>
</body>
</html>
`;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await buildUi();
