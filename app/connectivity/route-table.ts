/**
 * Pure parsing of the Linux routing tables as the kernel prints them in /proc/net/route (IPv4) and
 * /proc/net/ipv6_route (IPv6), and of an interface's state from sysfs. No I/O here, so every case is a
 * table in a test.
 */

export interface DefaultRoute {
  family: 4 | 6;
  /** The interface the route leaves through (`eth0`, `wlp2s0`, `lo`). */
  interfaceName: string;
}

export interface InterfaceState {
  /** IFF_UP set and the operational state is up (or unknown, as tun, WireGuard and PPP devices report). */
  up: boolean;
  loopback: boolean;
}

// From <linux/route.h> and <linux/if.h>.
const RTF_UP = 0x0001;
const RTF_REJECT = 0x0200; // "unreachable"/"prohibit" routes: a default route that says there is none
const IFF_UP = 0x1;
const IFF_LOOPBACK = 0x8;

function parseHex(field: string | undefined, what: string, line: string, file: string): number {
  if (field === undefined || !/^[0-9a-fA-F]+$/.test(field))
    throw new Error(`${file}: expected a hexadecimal ${what} in line ${JSON.stringify(line)}`);
  return Number.parseInt(field, 16);
}

/** A usable route: marked up and not a reject route. */
function isLive(flags: number): boolean {
  return (flags & RTF_UP) !== 0 && (flags & RTF_REJECT) === 0;
}

/**
 * The IPv4 default routes in /proc/net/route text: destination and mask 0.0.0.0. Columns are Iface,
 * Destination, Gateway, Flags, RefCnt, Use, Metric, Mask, …; the first line is a header.
 */
export function parseIpv4DefaultRoutes(text: string): DefaultRoute[] {
  const file = '/proc/net/route';
  const routes: DefaultRoute[] = [];
  for (const line of text.split('\n')) {
    const fields = line.trim().split(/\s+/);
    if (fields[0] === '' || fields[0] === 'Iface') continue; // blank line or the header
    if (fields.length < 8)
      throw new Error(`${file}: expected at least 8 columns in line ${JSON.stringify(line)}`);
    const [interfaceName = '', destination, , flags, , , , mask] = fields;
    const isDefault =
      parseHex(destination, 'destination', line, file) === 0 && parseHex(mask, 'mask', line, file) === 0;
    if (isDefault && isLive(parseHex(flags, 'flags', line, file))) routes.push({ family: 4, interfaceName });
  }
  return routes;
}

/**
 * The IPv6 default routes in /proc/net/ipv6_route text: destination ::/0. Columns are destination, prefix
 * length, source, source prefix length, next hop, metric, refcount, use, flags, interface; no header.
 */
export function parseIpv6DefaultRoutes(text: string): DefaultRoute[] {
  const file = '/proc/net/ipv6_route';
  const routes: DefaultRoute[] = [];
  for (const line of text.split('\n')) {
    const fields = line.trim().split(/\s+/);
    if (fields[0] === '') continue;
    if (fields.length !== 10) throw new Error(`${file}: expected 10 columns in line ${JSON.stringify(line)}`);
    const [destination = '', prefixLength, , , , , , , flags, interfaceName = ''] = fields;
    const isDefault =
      /^0{32}$/.test(destination) && parseHex(prefixLength, 'prefix length', line, file) === 0;
    if (isDefault && isLive(parseHex(flags, 'flags', line, file))) routes.push({ family: 6, interfaceName });
  }
  return routes;
}

/**
 * An interface's state from /sys/class/net/<name>/operstate and …/flags. Carrier loss (a cable pulled, a
 * Wi-Fi association lost) leaves IPv4 routes in the table marked "linkdown", so the route alone is not
 * enough: the operational state says whether packets can leave.
 */
export function parseInterfaceState(operstate: string, flagsText: string): InterfaceState {
  const flags = parseHex(flagsText.trim().replace(/^0x/i, ''), 'flags', flagsText, 'interface flags');
  const operational = operstate.trim();
  return {
    up: (flags & IFF_UP) !== 0 && (operational === 'up' || operational === 'unknown'),
    loopback: (flags & IFF_LOOPBACK) !== 0,
  };
}

/**
 * Online when some default route leaves through an interface that is up and is not loopback. `stateOf`
 * returns undefined for an interface whose state cannot be read (no sysfs in this mount namespace): then
 * the route is trusted unless the interface is named `lo`.
 */
export function hasUsableDefaultRoute(
  routes: readonly DefaultRoute[],
  stateOf: (interfaceName: string) => InterfaceState | undefined,
): boolean {
  return routes.some((route) => {
    const state = stateOf(route.interfaceName);
    if (!state) return route.interfaceName !== 'lo';
    return state.up && !state.loopback;
  });
}
