/**
 * A stand-in Electron process: `node boot.ts <executable> [arguments…]`, which the stand-in executable
 * (binary.ts) runs. It starts as Electron's browser process does, up to and through `ready`, with the
 * `electron` module (electron-module.ts) resolved for the app's `require` and `import` alike
 * (`module.registerHooks`):
 * 1. what aborts before any JavaScript (stand-in-process.ts `startupFailure`);
 * 2. the app found as shell/common/node_bindings.cc and lib/browser/init.ts find it: `resources/app.asar`,
 *    `app`, then `default_app.asar` (only `app.asar` with the OnlyLoadAppFromAsar fuse); the default app
 *    (default_app/main.ts) runs the folder given on the command line;
 * 3. lib/browser/init.ts: `process.exit` is `app.exit`, an uncaught exception shows an error box, the app's
 *    name, version and desktop name come from its package.json, the quit-when-all-windows-closed listener is
 *    added, and the entry (package.json `main`) is loaded, through the ESM loader when the package is
 *    `"type": "module"`, and awaited before `ready` (shell/common/node_bindings.cc `JoinAppCode`);
 * 4. `will-finish-launching`, then `ready`.
 * An app archive is read by extracting it with @electron/asar (Electron reads it in place; the files are
 * the same).
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createRequire, registerHooks } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { extractAll } from '@electron/asar';
import { FuseV1Options, fuseEnabled } from './binary.ts';
import { createElectronModule, type StandInElectron } from './electron-module.ts';
import { listenForCommands, report } from './report.ts';
import { StandInProcess } from './stand-in-process.ts';

interface PackageJson {
  name?: string;
  productName?: string;
  version?: string;
  desktopName?: string;
  main?: string;
  type?: string;
}

const MODULE_KEY = Symbol.for('pwa-host.stand-in.electron');

const [executable, ...args] = process.argv.slice(2);
if (!executable) throw new Error('usage: boot.ts <executable> [arguments…]');
const standIn = new StandInProcess(executable, args, process.env);
const failure = standIn.startupFailure(process.env);
if (failure) {
  process.stderr.write(`${failure}\n`);
  report('startup-failed', { message: failure });
  // Chromium ends with a trap there; any failing status stands for it.
  process.exit(1);
}
listenForCommands();

// What Electron's browser process looks like to the app's code.
const resourcesPath = join(dirname(executable), 'resources');
const found =
  findApp() ??
  (() => {
    process.stderr.write('Failed to locate a valid package to load (app, app.asar or default_app.asar)\n');
    return standIn.end(1);
  })();
loadNativeAddonsForThisMachine(found.main);
Object.defineProperty(process, 'platform', { value: standIn.platform });
process.execPath = executable;
process.argv = [executable, ...args];
Object.assign(process, { type: 'browser', resourcesPath });
Object.defineProperty(process.versions, 'electron', { value: '45.4.1', enumerable: true });

const electron = createElectronModule(standIn);
(globalThis as Record<symbol, unknown>)[MODULE_KEY] = electron;
registerHooks({
  resolve(specifier, context, next) {
    if (specifier !== 'electron' && specifier !== 'electron/main') return next(specifier, context);
    const viaRequire = context.conditions.includes('require');
    return { url: `stand-in:electron${viaRequire ? '.cjs' : '.mjs'}`, shortCircuit: true };
  },
  load(url, context, next) {
    const read = `globalThis[Symbol.for(${JSON.stringify(MODULE_KEY.description)})]`;
    if (url === 'stand-in:electron.cjs')
      return { format: 'commonjs', source: `module.exports = ${read};`, shortCircuit: true };
    if (url === 'stand-in:electron.mjs') {
      const names = Object.keys(electron).map((name) => `export const ${name} = electron.${name};`);
      return {
        format: 'module',
        source: `const electron = ${read};\nexport default electron;\n${names.join('\n')}`,
        shortCircuit: true,
      };
    }
    return next(url, context);
  },
});

await start(electron, found);

/**
 * A launch that pretends to be macOS or Windows still runs on this machine: better-sqlite3 picks its
 * prebuilt addon by `process.platform`, so the addon is loaded (and cached by better-sqlite3) before the
 * platform changes. A package missing from the app makes the app's own require fail, as it would.
 */
function loadNativeAddonsForThisMachine(main: string): void {
  try {
    const Database = createRequire(main)('better-sqlite3') as new (path: string) => { close(): void };
    new Database(':memory:').close();
  } catch {
    // the app's require reports it
  }
}

async function start({ app, dialog }: StandInElectron, found: FoundApp): Promise<void> {
  // lib/browser/init.ts, in its order.
  process.on('uncaughtException', (error) => {
    if (process.listenerCount('uncaughtException') > 1) return;
    dialog.showErrorBox(
      'A JavaScript error occurred in the main process',
      `Uncaught Exception:\n${error.stack ?? `${error.name}: ${error.message}`}`,
    );
  });
  process.exit = ((code?: number | string | null) => {
    if (code !== undefined && code !== null) process.exitCode = code;
    app.exit(Number(process.exitCode ?? 0) || 0);
  }) as typeof process.exit;

  applyPackageJson(app, found.packageJson, found.appPath);
  app.on('window-all-closed', () => {
    if (app.listenerCount('window-all-closed') === 1) app.quit();
  });
  report('main-loading', { main: found.main, appPath: found.appPath, packaged: app.isPackaged });
  try {
    if (found.esm) await import(pathToFileURL(found.main).href);
    else createRequire(found.main)(found.main);
    report('main-loaded', { main: found.main });
  } catch (error) {
    process.emit('uncaughtException', error as Error);
  }
  app.finishLaunching();
}

interface FoundApp {
  appPath: string;
  packageJson: PackageJson;
  main: string;
  esm: boolean;
}

/** lib/browser/init.ts: name, version and desktop name from the package, then the app path. */
function applyPackageJson(app: StandInElectron['app'], packageJson: PackageJson, appPath: string): void {
  if (packageJson.version != null) app.setVersion(packageJson.version);
  if (packageJson.productName != null) app.name = `${packageJson.productName}`.trim();
  else if (packageJson.name != null) app.name = `${packageJson.name}`.trim();
  app.setDesktopName(packageJson.desktopName ?? `${app.name}.desktop`);
  app.setAppPath(appPath);
}

function findApp(): FoundApp | undefined {
  const onlyAsar = fuseEnabled(executable as string, FuseV1Options.OnlyLoadAppFromAsar);
  for (const candidate of onlyAsar ? ['app.asar'] : ['app.asar', 'app', 'default_app.asar']) {
    const path = join(resourcesPath, candidate);
    if (!existsSync(path)) continue;
    if (candidate === 'default_app.asar') return defaultApp();
    const folder = candidate.endsWith('.asar') ? extracted(path) : path;
    if (!existsSync(join(folder, 'package.json'))) continue;
    const packageJson = JSON.parse(readFileSync(join(folder, 'package.json'), 'utf8')) as PackageJson;
    const main = join(folder, packageJson.main ?? 'index.js');
    const esm = (packageJson.type === 'module' && !main.endsWith('.cjs')) || main.endsWith('.mjs');
    return { appPath: folder, packageJson, main, esm };
  }
  return undefined;
}

/** An archive's files in a folder of their own (its unpacked files included), removed when the app ends. */
function extracted(archive: string): string {
  const folder = mkdtempSync(join(tmpdir(), 'pwa-host-app-asar-'));
  if (statSync(archive).isFile()) extractAll(archive, folder);
  standIn.onEnd(() => rmSync(folder, { recursive: true, force: true }));
  return folder;
}

/**
 * default_app/main.ts `loadApplicationPackage`: the first argument that is not a switch names the app
 * folder; its package.json gives name, version and desktop name; its `main` is imported (awaited).
 */
function defaultApp(): FoundApp | undefined {
  const argument = args.find((arg) => !arg.startsWith('-'));
  if (!argument) return undefined;
  const given = resolve(argument);
  if (!existsSync(join(given, 'package.json'))) return undefined;
  const packageJson = JSON.parse(readFileSync(join(given, 'package.json'), 'utf8')) as PackageJson;
  const main = createRequire(join(given, 'package.json')).resolve(given);
  return { appPath: given, packageJson, main, esm: true };
}
