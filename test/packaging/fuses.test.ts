import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { FuseState, FuseV1Options, FuseVersion, flipFuses, getCurrentFuseWire } from '@electron/fuses';
import { FUSE_SETTINGS, fuseConfig } from '../../scripts/packaging/fuse-config.ts';
import { packagedElectronPath } from '../../scripts/packaging/packaged-electron-path.ts';
import { writeStandInElectronDist } from '../helpers/electron-stand-in/binary.ts';

test('the fuses the security checklist asks for', () => {
  assert.equal(FUSE_SETTINGS[FuseV1Options.RunAsNode], false);
  assert.equal(FUSE_SETTINGS[FuseV1Options.EnableNodeOptionsEnvironmentVariable], false);
  assert.equal(FUSE_SETTINGS[FuseV1Options.EnableCookieEncryption], true);
  assert.equal(FUSE_SETTINGS[FuseV1Options.EnableEmbeddedAsarIntegrityValidation], true);
  assert.equal(FUSE_SETTINGS[FuseV1Options.OnlyLoadAppFromAsar], true);
  assert.equal(FUSE_SETTINGS[FuseV1Options.EnableNodeCliInspectArguments], false);
});

test('every fuse @electron/fuses knows is decided, and a fuse left undecided fails the build', () => {
  const known = Object.values(FuseV1Options).filter((value) => typeof value === 'number');
  assert.deepEqual(Object.keys(FUSE_SETTINGS).map(Number).sort(), known.sort());
  const config = fuseConfig('linux');
  assert.equal(config.strictlyRequireAllFuses, true);
  assert.equal(config.resetAdHocDarwinSignature, false);
  assert.equal(fuseConfig('darwin').resetAdHocDarwinSignature, true);
});

test('flipping a binary with an undecided fuse is refused', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'pwa-host-fuses-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  writeStandInElectronDist(dir, { defaultApp: false });
  const { [FuseV1Options.WasmTrapHandlers]: _undecided, ...partial } = FUSE_SETTINGS;
  await assert.rejects(
    flipFuses(join(dir, 'electron'), {
      version: FuseVersion.V1,
      strictlyRequireAllFuses: true,
      ...partial,
    } as never),
    /strictlyRequireAllFuses/,
  );
  await flipFuses(join(dir, 'electron'), fuseConfig('linux'));
  const wire = await getCurrentFuseWire(join(dir, 'electron'));
  assert.equal(wire[FuseV1Options.RunAsNode], FuseState.DISABLE);
  assert.equal(wire[FuseV1Options.OnlyLoadAppFromAsar], FuseState.ENABLE);
});

test('the binary afterPack flips on each platform', () => {
  const app = { appOutDir: '/out/x', productFilename: 'PWA Host', executableName: 'pwa-host' };
  assert.equal(packagedElectronPath({ ...app, electronPlatformName: 'linux' }), '/out/x/pwa-host');
  assert.equal(packagedElectronPath({ ...app, electronPlatformName: 'win32' }), '/out/x/PWA Host.exe');
  assert.equal(packagedElectronPath({ ...app, electronPlatformName: 'darwin' }), '/out/x/PWA Host.app');
  assert.equal(packagedElectronPath({ ...app, electronPlatformName: 'mas' }), '/out/x/PWA Host.app');
});
