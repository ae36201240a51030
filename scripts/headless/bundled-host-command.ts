import { fileURLToPath } from 'node:url';

/**
 * HEADLESS_HOST_COMMAND inside the published package, where build-headless.ts puts it in place of
 * app/headless/host-command.ts: the Node running now and the package's own launcher beside the bundle.
 * Launchers, autostart entries and OS wake-ups run this, so they work without `node` on the PATH they get
 * (a systemd user unit's PATH lacks a Node installed through nvm, for instance).
 */
export const HEADLESS_HOST_COMMAND: readonly string[] = [
  process.execPath,
  fileURLToPath(new URL('./pwa-host.js', import.meta.url)),
];
