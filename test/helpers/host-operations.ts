/**
 * Host operations over a test's host, the way a shell composes them: over a real Chromium with the
 * desktop's real (isolated) integration, or over the test engine with no browser pages and no OS.
 */
import { systemClock } from '../../app/clock/system-clock.ts';
import type { BrowserPages } from '../../app/engine/browser-pages.ts';
import { HEADLESS_HOST_COMMAND } from '../../app/headless/host-command.ts';
import type { Host } from '../../app/host/create-host.ts';
import { createHostOperations, type LocalOperations } from '../../app/host/create-host-operations.ts';
import { desktopIntegration } from '../../app/host/desktop-integration.ts';
import type { OsIntegration } from '../../app/host/os-integration.ts';
import { type Logger, silentLogger } from '../../app/logging/logger.ts';
import type { AppRecord } from '../../app/store/records.ts';
import type { ChromiumHost } from './chromium-host.ts';
import { TestEngine } from './test-engine.ts';

/** The operations a headless shell composes over `chromium`: its engine's pages, the XDG desktop. */
export function chromiumHostOperations(chromium: ChromiumHost): LocalOperations {
  return createHostOperations({
    host: chromium.host,
    pages: chromium.engine,
    os: desktopIntegration({
      dataDir: chromium.dataDir,
      hostCommand: HEADLESS_HOST_COMMAND,
      logger: silentLogger,
    }),
    clock: systemClock,
    logger: silentLogger,
  });
}

const noBrowser = (): never => {
  throw new Error('this test host has no browser pages');
};
const noBrowserPages: BrowserPages = { openPage: noBrowser, clearOrigin: noBrowser, workerScopes: () => [] };

const nothingToDo = async () => {};
const noOsIntegration: OsIntegration = {
  appInstalled: nothingToDo,
  appUninstalled: nothingToDo,
  setAutostart: nothingToDo,
  armWakeUp: nothingToDo,
  disarmWakeUp: nothingToDo,
  wakeUp: () => null,
};

/**
 * The operations over a host on the test engine: no browser pages to install with, nothing left in the OS,
 * and app windows only when the test gives an `openApp` (a shell with windows).
 */
export function testEngineHostOperations(
  host: Host,
  logger: Logger = silentLogger,
  openApp?: (app: AppRecord) => void,
): LocalOperations {
  // The test engine's workers are what the profile holds: no worker reads as missing that the engine has.
  const workers = host.engine instanceof TestEngine ? host.engine.workers : new Set<string>();
  return createHostOperations({
    host,
    pages: { ...noBrowserPages, workerScopes: () => [...workers] },
    os: noOsIntegration,
    clock: systemClock,
    logger,
    ...(openApp ? { openApp } : {}),
  });
}
