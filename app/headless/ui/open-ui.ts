import { ControlClient } from '../../control/control-client.ts';
import { controlSocketPath } from '../../control/control-socket.ts';
import { findChromium } from '../../engine-chromium/find-chromium.ts';
import { createApiClient } from '../../host/api-client.ts';
import type { Logger } from '../../logging/logger.ts';
import { bridgeUiPage, UI_URL } from './ui-bridge.ts';
import { UiPageFiles } from './ui-page-files.ts';
import { openUiWindow } from './ui-window.ts';

export interface OpenUiOptions {
  dataDir: string;
  chromiumPath?: string;
  headless: boolean;
  logger: Logger;
  /**
   * Starts a host serving the data dir (with its control socket) when none does, and resolves once it
   * answers; the returned function stops it.
   */
  startHost(): Promise<() => Promise<void>>;
  /** Settles when the person asks to stop (Ctrl-C): the window closes then too. */
  stopRequested: Promise<unknown>;
  /** Told once the page loaded and reached the host, with whether this command started the host itself. */
  onOpen?(details: { ownHost: boolean; browserPid: number | undefined }): void;
}

/**
 * `pwa-host ui`: the management UI in a Chromium app window, on the host that serves the data dir, or on
 * a host of its own for as long as the window is open. The page reaches the host through the control
 * socket, bridged over the window's DevTools pipe: no network port anywhere. Resolves once the window is
 * closed (or the host it shows stopped) and everything it started has stopped.
 */
export async function openUi(options: OpenUiOptions): Promise<'closed' | 'stopped' | 'host-stopped'> {
  const { logger } = options;
  const files = UiPageFiles.load();
  const executable = findChromium(options.chromiumPath, { use: 'window' }).path;
  const socketPath = controlSocketPath(options.dataDir);
  let stopOwnHost: (() => Promise<void>) | undefined;
  let client = await ControlClient.connect(socketPath);
  if (client === undefined) {
    stopOwnHost = await options.startHost();
    client = await ControlClient.connect(socketPath);
  }
  try {
    if (client === undefined) throw new Error(`the host started but does not answer on ${socketPath}`);
    const window = await openUiWindow({ executable, headless: options.headless });
    try {
      const bridge = await bridgeUiPage({
        session: window.session,
        api: createApiClient(client),
        files,
        logger,
      });
      await window.session.send('Page.navigate', { url: UI_URL });
      options.onOpen?.({ ownHost: stopOwnHost !== undefined, browserPid: window.browserPid });
      const ended = await Promise.race([
        window.closed.then(() => 'closed' as const),
        options.stopRequested.then(() => 'stopped' as const),
        client.closed.then(() => 'host-stopped' as const),
      ]);
      await bridge.close();
      return ended;
    } finally {
      await window.close();
    }
  } finally {
    client?.close();
    await stopOwnHost?.();
  }
}
