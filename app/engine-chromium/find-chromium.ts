import { accessSync, constants, realpathSync } from 'node:fs';
import { basename, delimiter, join } from 'node:path';
import { HostError } from '../base/errors.ts';

/**
 * What the browser is for. `headless`: the host's own browser, which no one sees, so the lightest one that
 * does the job comes first (Debian's chromium-headless-shell: about half the memory and start-up time of
 * full Chromium, measured in `npm run bench -- footprint`). `window`: a window for people (`pwa-host ui`),
 * which only a full Chrome or Chromium can open.
 */
export type BrowserUse = 'headless' | 'window';

/** Which sort of binary runs, for `status` and logs. */
export type BrowserKind = 'headless shell' | 'Chrome/Chromium';

export interface FoundBrowser {
  path: string;
  kind: BrowserKind;
}

const HEADLESS_SHELL_NAMES = ['chromium-headless-shell', 'chrome-headless-shell'];
const FULL_BROWSER_NAMES = [
  'chromium',
  'chromium-browser',
  'google-chrome',
  'google-chrome-stable',
  'chrome',
];

const HEADLESS_SHELL_PATHS: Record<string, string[]> = {
  linux: ['/usr/lib/chromium/chromium-headless-shell'],
};

const FULL_BROWSER_PATHS: Record<string, string[]> = {
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

/** A headless shell by its name: Debian's chromium-headless-shell, Chrome for Testing's chrome-headless-shell. */
export function browserKind(path: string): BrowserKind {
  return /headless[-_]shell(\.exe)?$/i.test(basename(path)) ? 'headless shell' : 'Chrome/Chromium';
}

function found(path: string): FoundBrowser {
  const real = unwrap(path);
  return { path: real, kind: browserKind(real) };
}

/**
 * The Chrome/Chromium to drive: `explicit` (--chromium), else CHROME_PATH, else the first browser found on
 * PATH or in the platform's usual install locations — a headless shell first when it is for the host's own
 * browser, never when it is for a window.
 */
export function findChromium(
  explicit: string | undefined,
  {
    use = 'headless',
    env = process.env,
    platform = process.platform,
  }: { use?: BrowserUse; env?: NodeJS.ProcessEnv; platform?: NodeJS.Platform } = {},
): FoundBrowser {
  const chosen = explicit ?? env.CHROME_PATH;
  if (chosen) {
    const from = explicit ? '--chromium' : 'CHROME_PATH';
    if (!isExecutable(chosen)) {
      throw new HostError(
        'chromium-not-found',
        `The browser ${chosen} (from ${from}) does not exist or is not executable. ` +
          'Point it at a Chrome or Chromium binary.',
      );
    }
    const browser = found(chosen);
    if (use === 'window' && browser.kind === 'headless shell') {
      throw new HostError(
        'chromium-not-found',
        `The browser ${chosen} (from ${from}) is a headless shell, which cannot open a window. ` +
          'Point it at a Chrome or Chromium binary for the window.',
      );
    }
    return browser;
  }
  const onPath = (names: string[]) =>
    (env.PATH ?? '')
      .split(delimiter)
      .filter(Boolean)
      .flatMap((dir) => names.map((name) => join(dir, platform === 'win32' ? `${name}.exe` : name)));
  const fullBrowsers = [...onPath(FULL_BROWSER_NAMES), ...(FULL_BROWSER_PATHS[platform] ?? [])];
  const candidates =
    use === 'headless'
      ? [...onPath(HEADLESS_SHELL_NAMES), ...(HEADLESS_SHELL_PATHS[platform] ?? []), ...fullBrowsers]
      : fullBrowsers;
  const first = candidates.find(isExecutable);
  if (!first) {
    throw new HostError(
      'chromium-not-found',
      'No Chrome or Chromium was found on PATH or in the usual install locations. Install one ' +
        '(on Debian/Ubuntu: `sudo apt-get install chromium-headless-shell` for the host, `chromium` for ' +
        'windows), or pass --chromium PATH or set CHROME_PATH.',
    );
  }
  return found(first);
}
