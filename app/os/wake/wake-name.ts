import { dataDirHash } from '../data-dir-name.ts';

/**
 * `pwa-host-wake-<8 hex digits>`: the unit, task or agent name for one data dir. The hash of the resolved
 * path keeps two data dirs (a test profile beside the real one) from replacing each other's wake-up.
 */
export function wakeName(dataDir: string): string {
  return `pwa-host-wake-${dataDirHash(dataDir)}`;
}
