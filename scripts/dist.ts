/**
 * `npm run dist`: the desktop installers for this OS (electron-builder.yml), or, where an Electron
 * distribution cannot be had, one message saying what is missing. It never waits on the network for long:
 * the release host is probed once with a short timeout before anything is built.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { type DistSituation, planDist } from './packaging/dist-plan.ts';

const root = resolve(import.meta.dirname, '..');
const PROBE_TIMEOUT_MS = 8_000;

function electronVersion(): string {
  const electron = JSON.parse(readFileSync(join(root, 'node_modules', 'electron', 'package.json'), 'utf8'));
  return (electron as { version: string }).version;
}

/** @electron/get's cache folder (ELECTRON_CACHE, else the per-OS default). */
function electronCacheDir(): string {
  if (process.env.ELECTRON_CACHE) return process.env.ELECTRON_CACHE;
  if (process.platform === 'darwin') return join(homedir(), 'Library', 'Caches', 'electron');
  if (process.platform === 'win32') return join(process.env.LOCALAPPDATA ?? homedir(), 'electron', 'Cache');
  return join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'electron');
}

/** The zip anywhere up to one folder deep in the cache (@electron/get keeps each in a hashed folder). */
function findCachedZip(name: string): string | undefined {
  const cache = electronCacheDir();
  if (!existsSync(cache)) return undefined;
  if (existsSync(join(cache, name))) return join(cache, name);
  for (const entry of readdirSync(cache, { withFileTypes: true })) {
    if (entry.isDirectory() && existsSync(join(cache, entry.name, name)))
      return join(cache, entry.name, name);
  }
  return undefined;
}

async function probe(url: string): Promise<DistSituation['download']> {
  try {
    const response = await fetch(url, { method: 'HEAD', signal: AbortSignal.timeout(PROBE_TIMEOUT_MS) });
    return response.ok
      ? { url, reachable: true }
      : { url, reachable: false, reason: `HTTP ${response.status}` };
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause?.code;
    return { url, reachable: false, reason: cause ?? (error as Error).message };
  }
}

function npmRun(script: string): void {
  const scripts = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: object })
    .scripts;
  if (!(script in scripts))
    throw new Error(`npm run dist needs the npm script ${script}, which is not defined`);
  const result = spawnSync('npm', ['run', script], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) throw new Error(`npm run ${script} failed`);
}

async function main(): Promise<number> {
  const version = electronVersion();
  const target = `${process.platform}-${process.arch}`;
  const zip = `electron-v${version}-${target}.zip`;
  const mirror = process.env.ELECTRON_MIRROR ?? 'https://github.com/electron/electron/releases/download/';
  const plan = planDist({
    electronVersion: version,
    target,
    localDist: process.env.PWA_HOST_ELECTRON_DIST,
    cachedZip: findCachedZip(zip),
    download: await probe(`${mirror}v${version}/${zip}`),
  });
  if (plan.kind === 'missing') {
    console.error(plan.message);
    return 1;
  }
  for (const script of ['build:desktop', 'build:ui', 'icons']) npmRun(script);
  const args = [join(root, 'node_modules', 'electron-builder', 'cli.js')];
  if (plan.electronDist !== undefined) args.push(`-c.electronDist=${plan.electronDist}`);
  if (plan.kind === 'unpacked') args.push('--dir');
  const result = spawnSync(process.execPath, args, { cwd: root, stdio: 'inherit' });
  if (plan.kind === 'unpacked') console.error(plan.note);
  return result.status ?? 1;
}

process.exitCode = await main().catch((error: unknown) => {
  console.error(`npm run dist: ${(error as Error).message}`);
  return 1;
});
