import { existsSync, readFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { HostError } from '../../base/errors.ts';

/**
 * Where `npm run build:ui` writes the page: dist/renderer/ of the checkout, which is also beside
 * dist/headless/ when this code runs from the published package's bundle.
 */
export const UI_BUILD_DIR =
  [new URL('../../../dist/renderer/', import.meta.url), new URL('../renderer/', import.meta.url)]
    .map((url) => fileURLToPath(url))
    .find((dir) => existsSync(join(dir, 'index.html'))) ??
  fileURLToPath(new URL('../../../dist/renderer/', import.meta.url));

/** The page side of the bridge `pwa-host ui` injects before the page's own script runs. */
export const UI_BRIDGE_FILE = 'host-bridge.js';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
};

export interface UiFile {
  body: Buffer;
  type: string;
}

/** The built page's files, read once: the page is served from memory, never from a path a request names. */
export class UiPageFiles {
  readonly #files: ReadonlyMap<string, UiFile>;

  private constructor(files: ReadonlyMap<string, UiFile>) {
    this.#files = files;
  }

  static load(dir: string = UI_BUILD_DIR): UiPageFiles {
    const files = new Map<string, UiFile>();
    for (const name of ['index.html', 'ui.js', 'ui.css', UI_BRIDGE_FILE]) {
      let body: Buffer;
      try {
        body = readFileSync(join(dir, name));
      } catch {
        throw new HostError(
          'ui-not-built',
          `The management UI is not built (${join(dir, name)} is missing). Run \`npm run build:ui\` in the PWA Host folder, then try again.`,
        );
      }
      files.set(`/${name}`, { body, type: TYPES[extname(name)] ?? 'application/octet-stream' });
    }
    return new UiPageFiles(files);
  }

  /** The file at a URL path (`/` is the page), or undefined. */
  get(path: string): UiFile | undefined {
    return this.#files.get(path === '/' ? '/index.html' : path);
  }

  get bridgeScript(): string {
    return (this.#files.get(`/${UI_BRIDGE_FILE}`) as UiFile).body.toString('utf8');
  }
}
