import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { promisify } from 'node:util';
import { tempDataDir } from './helpers/harness.ts';

const run = promisify(execFile);
const root = new URL('..', import.meta.url).pathname;
const biome = join(root, 'node_modules', '.bin', 'biome');

/** Lints `files` (path → source) in a scratch tree that uses this repository's lint configuration. */
async function lint(t: import('node:test').TestContext, files: Record<string, string>) {
  const dir = tempDataDir(t);
  copyFileSync(join(root, 'biome.json'), join(dir, 'biome.json'));
  for (const [path, source] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), source);
  }
  try {
    const { stdout, stderr } = await run(biome, ['lint', '--vcs-enabled=false', '.'], { cwd: dir });
    return { code: 0, output: stdout + stderr };
  } catch (error) {
    const failure = error as { code: number; stdout: string; stderr: string };
    return { code: failure.code, output: failure.stdout + failure.stderr };
  }
}

test('the lint fails when app/ imports electron', async (t) => {
  const result = await lint(t, {
    'app/sync/leak.ts': "import { app } from 'electron';\nexport const leaked = app;\n",
  });
  assert.equal(result.code, 1);
  assert.match(result.output, /must not import electron/);
});

test('the lint fails when plain-Node code loads main/ or preload/', async (t) => {
  const result = await lint(t, {
    'bin/leak.ts': "import { shell } from '../main/shell.ts';\nexport const leaked = shell;\n",
    'test/leak.ts': "import { bridge } from '../preload/bridge.ts';\nexport const leaked = bridge;\n",
  });
  assert.equal(result.code, 1);
  assert.equal(result.output.match(/must not load main\/, preload\//g)?.length, 2);
});

test('main/ may import electron and app/', async (t) => {
  const result = await lint(t, {
    'main/shell.ts':
      "import { app } from 'electron';\nimport { core } from '../app/core.ts';\nexport const shell = [app, core];\n",
    'app/core.ts': 'export const core = 1;\n',
  });
  assert.equal(result.code, 0, result.output);
});

/**
 * One rule per layer, bottom to top: each case is a file in the layer importing something from a layer
 * above it (or beside it, where the design forbids that), and the message the rule gives.
 */
const layerViolations: { rule: string; file: string; imports: string; message: RegExp }[] = [
  {
    rule: 'the foundation imports nothing else from app/',
    file: 'app/base/leak.ts',
    imports: '../store/store.ts',
    message: /foundation \(app\/base, app\/logging, app\/clock\) imports nothing else/,
  },
  {
    rule: 'the store does not import the core',
    file: 'app/store/leak.ts',
    imports: '../sync/periodic-sync-core.ts',
    message: /store \(app\/store\) sits on the foundation only/,
  },
  {
    rule: 'the engine port does not import the core',
    file: 'app/engine/leak.ts',
    imports: '../sync/periodic-sync-core.ts',
    message: /engine port \(app\/engine, app\/shim\) is the seam/,
  },
  {
    rule: 'an OS adapter does not import the host',
    file: 'app/os/leak.ts',
    imports: '../host/serving-host.ts',
    message: /OS adapters \(app\/os, app\/power, app\/connectivity\) import only/,
  },
  {
    rule: 'the core does not import install',
    file: 'app/sync/leak.ts',
    imports: '../install/install-app.ts',
    message: /periodic sync core \(app\/sync\) imports the foundation/,
  },
  {
    rule: 'install does not import the host',
    file: 'app/install/leak.ts',
    imports: '../host/host-operations.ts',
    message: /Install \(app\/install\) imports the foundation/,
  },
  {
    rule: 'an engine adapter does not import the core',
    file: 'app/engine-chromium/leak.ts',
    imports: '../sync/periodic-sync-core.ts',
    message: /engine adapter \(app\/engine-chromium\) is transport and lifecycle only/,
  },
  {
    rule: 'the Electron engine does not import the core',
    file: 'app/engine-electron/leak.ts',
    imports: '../sync/periodic-sync-core.ts',
    message: /engine adapter \(app\/engine-electron\) is transport and lifecycle only/,
  },
  {
    rule: 'one engine adapter does not import another',
    file: 'app/engine-electron/leak.ts',
    imports: '../engine-chromium/chromium-engine.ts',
    message: /engine adapter \(app\/engine-electron\) is transport and lifecycle only/,
  },
  {
    rule: 'the host does not import the Electron engine (the shell brings its engine)',
    file: 'app/host/leak.ts',
    imports: '../engine-electron/electron-engine.ts',
    message: /host composition \(app\/host\) knows no shell and no engine adapter/,
  },
  {
    rule: 'the host does not import a shell',
    file: 'app/host/leak.ts',
    imports: '../headless/cli/main.ts',
    message: /host composition \(app\/host\) knows no shell/,
  },
  {
    rule: 'the host does not import an engine adapter (the shell brings its engine)',
    file: 'app/host/leak.ts',
    imports: '../engine-chromium/chromium-engine.ts',
    message: /host composition \(app\/host\) knows no shell and no engine adapter/,
  },
  {
    rule: 'the UI takes its types from the host API, not the store',
    file: 'renderer/leak.tsx',
    imports: '../app/store/records.ts',
    message: /The UI \(renderer\/\) is a client of the host API/,
  },
  {
    rule: 'the control socket does not import the CLI',
    file: 'app/control/leak.ts',
    imports: '../headless/cli/render-runs.ts',
    message: /control socket \(app\/control\) serves the host API to every shell/,
  },
  {
    rule: 'the host does not import the desktop shell',
    file: 'app/host/leak.ts',
    imports: '../desktop/tray-menu.ts',
    message: /host composition \(app\/host\) knows no shell/,
  },
  {
    rule: "the desktop shell's policy does not import an engine adapter",
    file: 'app/desktop/leak.ts',
    imports: '../engine-electron/electron-engine.ts',
    message: /desktop shell \(app\/desktop\) decides windows, menus, flags and permissions/,
  },
  {
    rule: "the desktop shell's policy does not import an OS adapter",
    file: 'app/desktop/leak.ts',
    imports: '../os/autostart/autostart.ts',
    message: /desktop shell \(app\/desktop\) decides windows, menus, flags and permissions/,
  },
];

for (const violation of layerViolations) {
  test(`the lint fails when a layer rule is broken: ${violation.rule}`, async (t) => {
    const result = await lint(t, {
      [violation.file]: `import { above } from '${violation.imports}';\nexport const leaked = above;\n`,
    });
    assert.equal(result.code, 1, result.output);
    assert.match(result.output, violation.message);
  });
}

test('every layer rule keeps the electron rule (a folder rule replaces, not adds to, the options)', async (t) => {
  const files: Record<string, string> = {};
  for (const violation of layerViolations) {
    files[violation.file] = "import { app } from 'electron';\nexport const leaked = app;\n";
  }
  const result = await lint(t, files);
  assert.equal(result.code, 1);
  assert.equal(
    result.output.match(/must not import electron/g)?.length,
    Object.keys(files).length,
    result.output,
  );
});

test('the core may use the connectivity port but no connectivity adapter', async (t) => {
  const allowed = await lint(t, {
    'app/sync/uses-port.ts':
      "import type { ConnectivitySource } from '../connectivity/connectivity.ts';\nexport type Port = ConnectivitySource;\n",
  });
  assert.equal(allowed.code, 0, allowed.output);
  const refused = await lint(t, {
    'app/sync/uses-adapter.ts':
      "import { OsConnectivity } from '../connectivity/os-connectivity.ts';\nexport const adapter = OsConnectivity;\n",
  });
  assert.equal(refused.code, 1, refused.output);
  assert.match(refused.output, /connectivity port only/);
});

test('imports down the layers pass the lint', async (t) => {
  const result = await lint(t, {
    'app/headless/cli/ok.ts': "import { host } from '../../host/host.ts';\nexport const cli = host;\n",
    'app/desktop/ok.ts': "import { host } from '../host/host.ts';\nexport const desktop = host;\n",
    'app/host/host.ts': "import { install } from '../install/install.ts';\nexport const host = install;\n",
    'app/install/install.ts': "import { core } from '../sync/core.ts';\nexport const install = core;\n",
    'app/sync/core.ts': "import { port } from '../engine/port.ts';\nexport const core = port;\n",
    'app/engine/port.ts': "import { base } from '../base/base.ts';\nexport const port = base;\n",
    'app/base/base.ts': 'export const base = 1;\n',
  });
  assert.equal(result.code, 0, result.output);
});
