import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AppPage, BrowserPages } from '../../app/engine/browser-pages.ts';
import { ChromiumEngine, type ChromiumEngineOptions } from '../../app/engine-chromium/chromium-engine.ts';
import type { Logger } from '../../app/logging/logger.ts';

/** Logs to stderr when PWA_HOST_TEST_LOG is set: quiet tests, a switch to see the engine's side. */
export const testLogger: Logger = process.env.PWA_HOST_TEST_LOG
  ? {
      debug: (fields, message) => console.error('debug', message, fields),
      info: (fields, message) => console.error('info', message, fields),
      warn: (fields, message) => console.error('warn', message, fields),
      error: (fields, message) => console.error('error', message, fields),
    }
  : { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };

export function tempProfile(): { dir: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'pwa-host-profile-'));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Worker lifetimes a test may shorten or lengthen, and the browser (a backend) to run. */
export type EngineTimings = Pick<
  ChromiumEngineOptions,
  'workerIdleMs' | 'workerStartTimeoutMs' | 'executable'
>;

export function chromiumEngine(
  profileDir: string,
  options: EngineTimings & { logger?: Logger } = {},
): ChromiumEngine {
  return new ChromiumEngine({ profileDir, logger: testLogger, ...options });
}

/** Opens `url` in a page of the engine's profile and waits until its service worker is ready. */
export async function openWithWorker(pages: BrowserPages, url: string): Promise<AppPage> {
  const page = await pages.openPage();
  const watch = await page.watchServiceWorker();
  const worker = await page
    .navigate(url, 15_000)
    .then((navigation) => {
      if (navigation.kind === 'failed') throw new Error(`could not load ${url}: ${navigation.detail}`);
      return watch.outcome(10_000);
    })
    .finally(() => watch.stop());
  if (worker.kind !== 'active')
    throw new Error(`${url} has no active service worker: ${JSON.stringify(worker)}`);
  return page;
}
