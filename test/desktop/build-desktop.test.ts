import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join, relative } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { MAIN_EXTERNAL_PACKAGES, trayIcon } from '../../app/desktop/bundle-layout.ts';
import packageJson from '../../package.json' with { type: 'json' };
import { tempDataDir } from '../helpers/harness.ts';

const run = promisify(execFile);
const root = fileURLToPath(new URL('../..', import.meta.url));

/** The modules a CommonJS bundle requires at run time. */
function requires(bundle: string): string[] {
  return [...bundle.matchAll(/\brequire\(\s*["']([^"']+)["']\s*\)/g)].map((match) => match[1] as string);
}

/** What a sandboxed preload may require (Electron's sandboxed renderer offers these and nothing else). */
const SANDBOX_REQUIRES = new Set([
  'electron',
  'events',
  'timers',
  'url',
  'node:events',
  'node:timers',
  'node:url',
]);

test('build:desktop bundles main and every preload into single CommonJS files', {
  timeout: 120_000,
}, async (t) => {
  const out = tempDataDir(t);
  const { stdout } = await run(join(root, 'node_modules', '.bin', 'node'), [
    join(root, 'scripts', 'build-desktop.ts'),
    '--out',
    out,
  ]);
  const preloads = readdirSync(join(root, 'preload')).filter(
    (name) => name.endsWith('.ts') && !name.endsWith('.d.ts'),
  );
  assert.match(stdout, new RegExp(`built main and ${preloads.length} preload`));

  // Node reads these bundles as CommonJS although the package says "type": "module".
  assert.deepEqual(JSON.parse(readFileSync(join(out, 'preload', 'package.json'), 'utf8')), {
    type: 'commonjs',
  });
  // dist/main/package.json is what `electron dist/main` (npm start) reads: the installers' names, main.js.
  assert.deepEqual(JSON.parse(readFileSync(join(out, 'main', 'package.json'), 'utf8')), {
    name: packageJson.name,
    productName: 'PWA Host',
    version: packageJson.version,
    desktopName: packageJson.desktopName,
    main: 'main.js',
    type: 'commonjs',
  });

  // Every pure-JavaScript dependency is inside main.js: at run time it loads only Node's own modules,
  // electron and better-sqlite3, so no package's module format or exports map can stop it loading.
  const main = readFileSync(join(out, 'main', 'main.js'), 'utf8');
  const builtins = new Set([...builtinModules, ...builtinModules.map((name) => `node:${name}`)]);
  const fromNodeModules = [...new Set(requires(main).filter((name) => !builtins.has(name)))].sort();
  assert.deepEqual(fromNodeModules, [...MAIN_EXTERNAL_PACKAGES].sort());
  // import.meta is empty in a CommonJS bundle: code that reads it would break only in Electron.
  assert.doesNotMatch(main, /\bimport_meta\b/);

  // The tray icons: real PNGs of the right size, where main/ looks for them on every platform.
  for (const platform of ['linux', 'darwin', 'win32'] as const) {
    const icon = readFileSync(join(out, relative('dist', trayIcon(platform))));
    const width = icon.readUInt32BE(16);
    assert.equal(icon.subarray(1, 4).toString('latin1'), 'PNG');
    assert.equal(width, platform === 'darwin' ? 16 : 32);
    const retina = readFileSync(join(out, relative('dist', trayIcon(platform).replace(/\.png$/, '@2x.png'))));
    assert.equal(retina.readUInt32BE(16), width * 2);
  }

  assert.ok(preloads.length > 0, 'no preload/*.ts to build');
  for (const name of preloads) {
    const file = join(out, 'preload', name.replace(/\.ts$/, '.js'));
    assert.ok(existsSync(file), `${file} missing`);
    const bundle = readFileSync(file, 'utf8');
    for (const required of requires(bundle)) {
      assert.ok(
        SANDBOX_REQUIRES.has(required),
        `preload ${name} requires ${JSON.stringify(required)}: a sandboxed preload cannot`,
      );
    }
    assert.doesNotMatch(
      bundle,
      /\bimport\s*\(|^import\s|^export\s/m,
      `preload ${name} is not a CommonJS bundle`,
    );
  }
});
