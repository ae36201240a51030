import { join } from 'node:path';

export interface PackagedApp {
  /** electron-builder's platform name: 'linux', 'win32', 'darwin' or 'mas'. */
  electronPlatformName: string;
  /** The unpacked app folder electron-builder made (…/linux-unpacked, …/win-unpacked, …/mac). */
  appOutDir: string;
  /** The product name as a file name ("PWA Host"). */
  productFilename: string;
  /** The Linux executable's name (electron-builder's `executableName`, lower case by default). */
  executableName: string;
}

/** The Electron binary (or, on macOS, the .app bundle) inside a packaged app, where the fuses live. */
export function packagedElectronPath(app: PackagedApp): string {
  switch (app.electronPlatformName) {
    case 'darwin':
    case 'mas':
      return join(app.appOutDir, `${app.productFilename}.app`);
    case 'win32':
      return join(app.appOutDir, `${app.productFilename}.exe`);
    default:
      return join(app.appOutDir, app.executableName);
  }
}
