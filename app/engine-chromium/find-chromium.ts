import { accessSync, constants, realpathSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { HostError } from '../base/errors.ts';

const NAMES_ON_PATH = ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable', 'chrome'];

const USUAL_PATHS: Record<string, string[]> = {
  linux: [
    '/usr/lib/chromium/chromium',
    '/usr/bin/chromium',
    '/snap/bin/chromium',
    '/opt/google/chrome/chrome',
  ],
  darwin: [
    '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
    '/Applications/Chromium.app/Contents/MacOS/Chromium',
  ],
  win32: [
    'C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe',
    'C:\\Program Files (x86)\\Google\\Chrome\\Application\\chrome.exe',
  ],
};

/** Debian's /usr/bin/chromium and /usr/bin/chromium-headless-shell are shell wrappers: run the real binary so its pid is the browser's. */
const WRAPPED_BINARIES: Record<string, string> = {
  '/usr/bin/chromium': '/usr/lib/chromium/chromium',
  '/usr/bin/chromium-headless-shell': '/usr/lib/chromium/chromium-headless-shell',
};

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function unwrap(path: string): string {
  const real = (() => {
    try {
      return realpathSync(path);
    } catch {
      return path;
    }
  })();
  const inner = WRAPPED_BINARIES[real];
  return inner && isExecutable(inner) ? inner : real;
}

/**
 * The Chrome/Chromium to drive: `explicit` (--chromium), else CHROME_PATH, else the first browser found
 * on PATH or in the platform's usual install locations.
 */
export function findChromium(
  explicit: string | undefined,
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
): string {
  const chosen = explicit ?? env.CHROME_PATH;
  if (chosen) {
    if (!isExecutable(chosen)) {
      throw new HostError(
        'chromium-not-found',
        `The browser ${chosen} (from ${explicit ? '--chromium' : 'CHROME_PATH'}) does not exist or is not executable. ` +
          'Point it at a Chrome or Chromium binary.',
      );
    }
    return unwrap(chosen);
  }
  const onPath = (env.PATH ?? '')
    .split(delimiter)
    .filter(Boolean)
    .flatMap((dir) => NAMES_ON_PATH.map((name) => join(dir, platform === 'win32' ? `${name}.exe` : name)));
  const found = [...onPath, ...(USUAL_PATHS[platform] ?? [])].find(isExecutable);
  if (!found) {
    throw new HostError(
      'chromium-not-found',
      'No Chrome or Chromium was found on PATH or in the usual install locations. Install one ' +
        '(on Debian/Ubuntu: `sudo apt-get install chromium`), or pass --chromium PATH or set CHROME_PATH.',
    );
  }
  return unwrap(found);
}
