import { readFileSync } from 'node:fs';
import {
  type DefaultRoute,
  hasUsableDefaultRoute,
  type InterfaceState,
  parseInterfaceState,
  parseIpv4DefaultRoutes,
  parseIpv6DefaultRoutes,
} from './route-table.ts';

/** The file's text, or undefined when it does not exist (IPv6 disabled at boot removes ipv6_route). */
function readIfPresent(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/** The default routes of this process's network namespace (both families). */
export function readDefaultRoutes(): DefaultRoute[] {
  const ipv4 = readIfPresent('/proc/net/route');
  const ipv6 = readIfPresent('/proc/net/ipv6_route');
  return [
    ...(ipv4 === undefined ? [] : parseIpv4DefaultRoutes(ipv4)),
    ...(ipv6 === undefined ? [] : parseIpv6DefaultRoutes(ipv6)),
  ];
}

/** The interface's state from sysfs, or undefined when sysfs does not describe it. */
export function readInterfaceState(interfaceName: string): InterfaceState | undefined {
  const operstate = readIfPresent(`/sys/class/net/${interfaceName}/operstate`);
  const flags = readIfPresent(`/sys/class/net/${interfaceName}/flags`);
  if (operstate === undefined || flags === undefined) return undefined;
  return parseInterfaceState(operstate, flags);
}

/**
 * Whether the OS reports connectivity: a default route (IPv4 or IPv6) through a non-loopback interface
 * that is up. A few small synchronous reads of kernel-generated files: cheap enough to run on every change.
 */
export function hasLinuxDefaultRoute(): boolean {
  return hasUsableDefaultRoute(readDefaultRoutes(), readInterfaceState);
}
