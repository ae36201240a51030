import { type Logger, silentLogger } from '../logging/logger.ts';
import { type ConnectivitySource, ManualConnectivity } from './connectivity.ts';
import { LinuxRouteConnectivity } from './linux-route-connectivity.ts';
import { NetworkInterfacesConnectivity } from './network-interfaces-connectivity.ts';

export const CONNECTIVITY_ENV = 'PWA_HOST_CONNECTIVITY';
const MODES = ['os', 'online', 'offline'] as const;
export type ConnectivityMode = (typeof MODES)[number];

/**
 * Reads `PWA_HOST_CONNECTIVITY`: `os` (the default, also when unset or empty) follows the OS; `online` and
 * `offline` pin the state. Pinning is for machines whose routing the OS check misreads (policy routing
 * with no default route in the main table, a proxy-only network, a sandbox with no route at all) and for
 * tests that must fire regardless of the machine they run on.
 */
export function connectivityModeFrom(env: NodeJS.ProcessEnv): ConnectivityMode {
  const value = env[CONNECTIVITY_ENV]?.trim().toLowerCase() ?? '';
  if (value === '') return 'os';
  if ((MODES as readonly string[]).includes(value)) return value as ConnectivityMode;
  throw new Error(
    `${CONNECTIVITY_ENV} must be one of ${MODES.join(', ')} (or unset); got ${JSON.stringify(env[CONNECTIVITY_ENV])}.`,
  );
}

/**
 * The connectivity source for a long-running host on this OS: the routing table followed over rtnetlink on
 * Linux, the interface list elsewhere (until those platforms get their own event-driven source).
 */
export function createOsConnectivity(
  logger: Logger = silentLogger,
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
): ConnectivitySource {
  const mode = connectivityModeFrom(env);
  if (mode !== 'os') {
    logger.info({ [CONNECTIVITY_ENV]: mode }, `connectivity: pinned ${mode} by ${CONNECTIVITY_ENV}`);
    return new ManualConnectivity(mode === 'online');
  }
  return platform === 'linux' ? new LinuxRouteConnectivity({ logger }) : new NetworkInterfacesConnectivity();
}
