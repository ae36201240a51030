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
