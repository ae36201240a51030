import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export type ElectronBinary = { kind: 'found'; path: string } | { kind: 'missing'; message: string };

/**
 * The Electron executable the `electron` package would run, found the way its index.js finds it
 * (`ELECTRON_OVERRIDE_DIST_PATH`, else `path.txt` → `dist/`), but never downloading: where the binary is
 * absent this says what is missing and how to provide it. (Requiring `electron` from Node downloads at
 * require time and throws offline.)
 */
export function findElectronBinary(electronDir: string, env: NodeJS.ProcessEnv): ElectronBinary {
  const pathFile = join(electronDir, 'path.txt');
  const relative = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : undefined;
  const override = env.ELECTRON_OVERRIDE_DIST_PATH;
  const path = override
    ? join(override, relative || 'electron')
    : relative
      ? join(electronDir, 'dist', relative)
      : undefined;
  if (path !== undefined && existsSync(path)) return { kind: 'found', path };
  const looked = path ?? `${join(electronDir, 'dist')} (no ${pathFile})`;
  return {
    kind: 'missing',
    message: [
      `No Electron binary: looked for ${looked}.`,
      'The electron package is installed for its types only; its binary is downloaded separately.',
      'Either run `npx install-electron` where GitHub releases are reachable, or unpack an Electron',
      `${readElectronVersion(electronDir)} build for this platform and set ELECTRON_OVERRIDE_DIST_PATH to its folder.`,
      'The headless host needs no Electron: `bin/pwa-host serve`.',
    ].join('\n'),
  };
}

function readElectronVersion(electronDir: string): string {
  try {
    return (JSON.parse(readFileSync(join(electronDir, 'package.json'), 'utf8')) as { version: string })
      .version;
  } catch {
    return '(the installed version of)';
  }
}
