/**
 * `npm start`: runs the desktop app on the Electron binary, after building it. Where no Electron binary
 * exists this says what is missing and exits 1, without trying to download one. Arguments after `--` go to
 * the app (`npm start -- --background`).
 */
import { spawn, spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BUNDLE_LAYOUT } from '../app/desktop/bundle-layout.ts';
import { findElectronBinary } from './electron-binary.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const binary = findElectronBinary(join(root, 'node_modules', 'electron'), process.env);
if (binary.kind === 'missing') {
  console.error(binary.message);
  process.exit(1);
}
const build = spawnSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);
// The app folder Electron is given: the one holding the development manifest (the checkout's own
// package.json names no main, so that `npm pack` never ships the desktop bundle).
const appFolder = join(root, dirname(BUNDLE_LAYOUT.developmentManifest));
const child = spawn(binary.path, [appFolder, ...process.argv.slice(2)], { stdio: 'inherit' });
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
