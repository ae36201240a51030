import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import {
  cpSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { promisify } from 'node:util';
import { extractFile, listPackage } from '@electron/asar';
import { FuseState, getCurrentFuseWire } from '@electron/fuses';
import { BUNDLE_LAYOUT, MAIN_EXTERNAL_PACKAGES } from '../../app/desktop/bundle-layout.ts';
import { buildUi } from '../../scripts/build-ui.ts';
import { FUSE_SETTINGS } from '../../scripts/packaging/fuse-config.ts';
import { ICON_OUTPUTS } from '../../scripts/packaging/icon-targets.ts';
import { BIN, runProcess } from '../cli/helpers/run-cli.ts';
import { writeStandInElectronDist } from '../helpers/electron-stand-in/binary.ts';
import { launch, reportFile } from '../helpers/electron-stand-in/launch.ts';
import { tempDataDir } from '../helpers/harness.ts';

const root = join(import.meta.dirname, '..', '..');
const packageJson = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
};

// What must stay out of the app beside the real build output in dist/.
const DECOYS = [
  'dist/headless/cli.js',
  'dist/installers/PWA Host-0.0.9.AppImage',
  'app/base/errors.ts',
  'main/main.ts',
  'test/decoy.test.ts',
  'bench/decoy.bench.ts',
  'renderer/index.html',
];

function isGeneratedIcon(path: string): boolean {
  return Object.values(ICON_OUTPUTS).some((output) => path === join(root, 'build', output));
}

/**
 * A copy of the project's packaging inputs with the desktop app built into it (`build:desktop`, `build:ui`,
 * as `npm run dist` runs them) and decoys beside it, sharing the real node_modules.
 */
async function makeProject(): Promise<string> {
  const project = mkdtempSync(join(tmpdir(), 'pwa-host-pack-'));
  for (const file of ['package.json', 'package-lock.json', 'electron-builder.yml', 'scripts', 'build']) {
    // Not the generated icons: a fresh clone has none, and the unpacked app must build without them.
    cpSync(join(root, file), join(project, file), {
      recursive: true,
      filter: (path) => !isGeneratedIcon(path),
    });
  }
  symlinkSync(join(root, 'node_modules'), join(project, 'node_modules'));
  await promisify(execFile)(process.execPath, [
    join(root, 'scripts', 'build-desktop.ts'),
    '--out',
    join(project, 'dist'),
  ]);
  await buildUi(join(project, 'dist', 'renderer'));
  for (const file of DECOYS) {
    mkdirSync(dirname(join(project, file)), { recursive: true });
    writeFileSync(join(project, file), `// ${file}\n`);
  }
  return project;
}

/** Every installed package name that is not a dev dependency, from the lockfile. */
function productionPackages(): Set<string> {
  const lock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8')) as {
    packages: Record<string, { dev?: boolean; devOptional?: boolean }>;
  };
  const names = new Set<string>();
  for (const [path, entry] of Object.entries(lock.packages)) {
    if (path === '' || entry.dev === true || entry.devOptional === true) continue;
    names.add(path.slice(path.lastIndexOf('node_modules/') + 'node_modules/'.length));
  }
  return names;
}

/** The package an asar entry belongs to (`node_modules/a/node_modules/@s/b/x.js` → `@s/b`), if any. */
function packageOf(entry: string): string | undefined {
  const at = entry.lastIndexOf('node_modules/');
  if (at === -1) return undefined;
  const parts = entry.slice(at + 'node_modules/'.length).split('/');
  const name = parts[0]?.startsWith('@') ? parts.slice(0, 2) : parts.slice(0, 1);
  return name.length === 2 || !name[0]?.startsWith('@') ? name.join('/') : undefined;
}

test('electron-builder packs the built app and the one package main loads, unpacks the addon, flips the fuses, and the packaged app boots', {
  timeout: 180_000,
}, async (t) => {
  const project = await makeProject();
  t.after(() => rmSync(project, { recursive: true, force: true }));
  writeStandInElectronDist(join(project, 'electron-dist'), { defaultApp: false });
  const output = join(project, 'out');
  await promisify(execFile)(
    process.execPath,
    [
      join(root, 'node_modules', 'electron-builder', 'cli.js'),
      '--linux',
      'dir',
      '-c.electronDist=electron-dist',
      `-c.directories.output=${output}`,
    ],
    { cwd: project, env: { ...process.env, CI: 'true' } },
  );
  const unpacked = join(output, 'linux-unpacked');
  const asar = join(unpacked, 'resources', 'app.asar');
  const entries = listPackage(asar, { isPack: false }).map((entry) => entry.slice(1));
  t.diagnostic(`app.asar: ${entries.length} entries, ${statSync(asar).size} bytes`);

  const appFiles = entries.filter((entry) => !entry.startsWith('node_modules') && /\.\w+$/.test(entry));
  const built = ['main', 'preload', 'renderer'].flatMap((folder) =>
    readdirSync(join(project, 'dist', folder))
      .filter((file) => !file.endsWith('.map'))
      .map((file) => `dist/${folder}/${file}`),
  );
  assert.deepEqual(
    appFiles.sort(),
    ['package.json', ...built].sort(),
    'the build output and package.json only',
  );
  for (const needed of [BUNDLE_LAYOUT.main, 'dist/preload/service-worker.js', 'dist/renderer/index.html'])
    assert.ok(appFiles.includes(needed), needed);

  // main.js carries every other dependency inside it: only what it loads from node_modules is packed.
  const packed = new Set(entries.map(packageOf).filter((name) => name !== undefined));
  assert.deepEqual(
    [...packed].sort(),
    MAIN_EXTERNAL_PACKAGES.filter((name) => name !== 'electron'),
    'the packages main.js requires at run time, and nothing else',
  );
  const production = productionPackages();
  for (const name of packed) assert.ok(production.has(name), `${name} is a production package`);
  const packagedManifest = JSON.parse(extractFile(asar, 'package.json').toString('utf8')) as {
    main?: string;
  };
  assert.equal(packagedManifest.main, BUNDLE_LAYOUT.main, "the installed app's package.json names main.js");
  for (const devDependency of Object.keys(packageJson.devDependencies)) {
    if (production.has(devDependency)) continue; // also needed at run time by a dependency (js-yaml)
    assert.ok(
      !entries.includes(`node_modules/${devDependency}`),
      `${devDependency} (a dev tool) is not packed`,
    );
  }
  const unwanted = entries.filter(
    (entry) =>
      /\.(ts|cts|mts|map|md|c|cpp|h|gyp|sh)$/.test(entry) ||
      /\/(test|tests|benchmarks?|perf)\//.test(entry) ||
      /^node_modules\/better-sqlite3\/(src|deps)\//.test(entry),
  );
  assert.deepEqual(unwanted, [], 'no sources, type declarations, tests, benches or docs');

  const addons = entries.filter((entry) => entry.endsWith('.node'));
  assert.deepEqual(addons, [`node_modules/better-sqlite3/prebuilds/linux-${process.arch}.node`]);
  const onDisk = readdirSync(join(`${asar}.unpacked`, 'node_modules', 'better-sqlite3', 'prebuilds'));
  assert.deepEqual(onDisk, [`linux-${process.arch}.node`], 'the addon is unpacked next to the archive');

  const wire = await getCurrentFuseWire(join(unpacked, 'pwa-host'));
  for (const [fuse, wanted] of Object.entries(FUSE_SETTINGS)) {
    assert.equal(
      wire[Number(fuse) as keyof typeof wire],
      wanted ? FuseState.ENABLE : FuseState.DISABLE,
      `fuse ${fuse} after afterPack`,
    );
  }

  // The packaged app starts as Electron starts one: app.asar only (its fuse is flipped), its package.json's
  // main, better-sqlite3 from the archive's own node_modules (unpacked beside it). A file main needs that
  // is not in the archive fails here.
  const dataDir = tempDataDir(t);
  const packaged = launch(t, join(unpacked, 'pwa-host'), ['--data-dir', dataDir, '--background'], {
    report: reportFile(t),
  });
  const loading = await packaged.waitFor('main-loading');
  assert.equal(loading.packaged, true);
  assert.match(String(loading.main), /pwa-host-app-asar-[^/]+\/dist\/main\/main\.js$/);
  await packaged.waitFor('tray-created');
  const status = await runProcess(BIN, ['--data-dir', dataDir, 'status']);
  assert.match(status.stdout, /running \(pid \d+, engine electron\)/, status.stderr);
  assert.equal(await packaged.quit(), 0, packaged.output);
});
