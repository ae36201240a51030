import { fileURLToPath } from 'node:url';

/**
 * The headless shell's command, `bin/pwa-host` of this installation: what its launchers, autostart entry
 * and OS wake-ups run.
 */
export const HEADLESS_HOST_COMMAND: readonly string[] = [
  fileURLToPath(new URL('../../bin/pwa-host', import.meta.url)),
];
