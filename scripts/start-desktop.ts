/**
 * `npm start`: runs the desktop app on the Electron binary, after building it. Where no Electron binary
 * exists this says what is missing and exits 1, without trying to download one. Arguments after `--` go to
 * the app (`npm start -- --background`).
 */
import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { findElectronBinary } from './electron-binary.ts';

const root = new URL('..', import.meta.url).pathname;
const binary = findElectronBinary(join(root, 'node_modules', 'electron'), process.env);
if (binary.kind === 'missing') {
  console.error(binary.message);
  process.exit(1);
}
const build = spawnSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);
const child = spawn(binary.path, [root, ...process.argv.slice(2)], { stdio: 'inherit' });
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
