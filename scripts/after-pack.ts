/**
 * electron-builder's afterPack hook (electron-builder.yml `afterPack`): flips the Electron fuses of the
 * packaged binary before it is signed and wrapped into an installer. electron-builder imports this file
 * under the project's Node 24 (npm scripts put node_modules/.bin first), which runs TypeScript directly.
 */
import { FuseState, flipFuses, getCurrentFuseWire } from '@electron/fuses';
import type { AfterPackContext } from 'app-builder-lib';
import { FUSE_SETTINGS, fuseConfig } from './packaging/fuse-config.ts';
import { packagedElectronPath } from './packaging/packaged-electron-path.ts';

export default async function afterPack(context: AfterPackContext): Promise<void> {
  const electron = packagedElectronPath({
    electronPlatformName: context.electronPlatformName,
    appOutDir: context.appOutDir,
    productFilename: context.packager.appInfo.productFilename,
    // Only the Linux packager has an executable name of its own; the others name the binary after the product.
    executableName:
      'executableName' in context.packager
        ? String(context.packager.executableName)
        : context.packager.appInfo.productFilename,
  });
  await flipFuses(electron, fuseConfig(context.electronPlatformName as NodeJS.Platform));
  // Read the wire back: a binary whose fuses did not take must not become an installer.
  const wire = await getCurrentFuseWire(electron);
  for (const [fuse, wanted] of Object.entries(FUSE_SETTINGS)) {
    const actual = wire[Number(fuse) as keyof typeof wire];
    if (actual !== (wanted ? FuseState.ENABLE : FuseState.DISABLE)) {
      throw new Error(`fuse ${fuse} of ${electron} is ${String(actual)} after flipping; wanted ${wanted}`);
    }
  }
}
