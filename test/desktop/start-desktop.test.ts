import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { findElectronBinary } from '../../scripts/electron-binary.ts';
import { tempDataDir } from '../helpers/harness.ts';

const run = promisify(execFile);
const root = fileURLToPath(new URL('../..', import.meta.url));

test('npm start without an Electron binary says what is missing and exits 1, downloading nothing', async () => {
  const failure = await run(
    join(root, 'node_modules', '.bin', 'node'),
    [join(root, 'scripts', 'start-desktop.ts')],
    {
      cwd: root,
      env: { ...process.env, ELECTRON_OVERRIDE_DIST_PATH: '' },
      timeout: 30_000,
    },
  ).then(
    () => assert.fail('started without an Electron binary'),
    (error: { code: number; stdout: string; stderr: string }) => error,
  );
  assert.equal(failure.code, 1);
  assert.match(failure.stderr, /No Electron binary: looked for/);
  assert.match(failure.stderr, /ELECTRON_OVERRIDE_DIST_PATH/);
  assert.match(failure.stderr, /bin\/pwa-host serve/);
  assert.doesNotMatch(failure.stdout + failure.stderr, /Downloading/);
});

test('the Electron binary is found where the electron package would look, and only there', (t) => {
  const dir = tempDataDir(t);
  const electronDir = join(dir, 'electron');
  mkdirSync(join(electronDir, 'dist'), { recursive: true });
  writeFileSync(join(electronDir, 'package.json'), '{"version":"45.4.1"}');
  const missing = findElectronBinary(electronDir, {});
  assert.equal(missing.kind, 'missing');
  assert.match(missing.kind === 'missing' ? missing.message : '', /Electron\s+45\.4\.1 build/);

  writeFileSync(join(electronDir, 'path.txt'), 'electron');
  assert.equal(findElectronBinary(electronDir, {}).kind, 'missing');
  writeFileSync(join(electronDir, 'dist', 'electron'), '#!/bin/sh\n');
  chmodSync(join(electronDir, 'dist', 'electron'), 0o700);
  assert.deepEqual(findElectronBinary(electronDir, {}), {
    kind: 'found',
    path: join(electronDir, 'dist', 'electron'),
  });

  const override = join(dir, 'unpacked');
  mkdirSync(override);
  assert.equal(findElectronBinary(electronDir, { ELECTRON_OVERRIDE_DIST_PATH: override }).kind, 'missing');
  writeFileSync(join(override, 'electron'), '');
  assert.deepEqual(findElectronBinary(electronDir, { ELECTRON_OVERRIDE_DIST_PATH: override }), {
    kind: 'found',
    path: join(override, 'electron'),
  });
});
