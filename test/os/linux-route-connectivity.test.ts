import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  hasUsableDefaultRoute,
  type InterfaceState,
  parseInterfaceState,
  parseIpv4DefaultRoutes,
  parseIpv6DefaultRoutes,
} from '../../app/connectivity/route-table.ts';

// Copied from real machines: this one's eth0, and a network namespace with a veth and only loopback.
const HEADER =
  'Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT                                                       ';
const ipv4 = (...rows: string[]) => `${[HEADER, ...rows].join('\n')}\n`;
const ETH0_DEFAULT = 'eth0\t00000000\t010200C0\t0003\t0\t0\t0\t00000000\t0\t0\t0';
const ETH0_SUBNET = 'eth0\t000200C0\t00000000\t0001\t0\t0\t0\t00FFFFFF\t0\t0\t0';
const IPV6_LO_UNREACHABLE =
  '00000000000000000000000000000000 00 00000000000000000000000000000000 00 00000000000000000000000000000000 ffffffff 00000001 00000000 00200200       lo';
const IPV6_ETH0_DEFAULT =
  '00000000000000000000000000000000 00 00000000000000000000000000000000 00 fd000000000000000000000000000001 00000400 00000003 00000000 00000003     eth0';
const IPV6_LINK_LOCAL =
  'fe800000000000000000000000000000 40 00000000000000000000000000000000 00 00000000000000000000000000000000 00000100 00000001 00000000 00000001     eth0';
const IPV6_LOOPBACK_HOST =
  '00000000000000000000000000000001 80 00000000000000000000000000000000 00 00000000000000000000000000000000 00000000 00000002 00000000 80200001       lo';

describe('parseIpv4DefaultRoutes (/proc/net/route)', () => {
  const cases: [string, string, string[]][] = [
    ['a default route through eth0', ipv4(ETH0_DEFAULT, ETH0_SUBNET), ['eth0']],
    ['only a subnet route: no default', ipv4(ETH0_SUBNET), []],
    ['only the header (loopback-only machine)', ipv4(), []],
    ['an empty file', '', []],
    [
      'a default route with no gateway (point-to-point)',
      ipv4('ppp0\t00000000\t00000000\t0001\t0\t0\t0\t00000000\t0\t0\t0'),
      ['ppp0'],
    ],
    [
      'a default route that is not up',
      ipv4('eth0\t00000000\t010200C0\t0002\t0\t0\t0\t00000000\t0\t0\t0'),
      [],
    ],
    [
      'an unreachable default (RTF_REJECT)',
      ipv4('lo\t00000000\t00000000\t0201\t0\t0\t0\t00000000\t0\t0\t0'),
      [],
    ],
    [
      'destination 0 with a non-zero mask is not a default',
      ipv4('eth0\t00000000\t00000000\t0001\t0\t0\t0\t000000FF\t0\t0\t0'),
      [],
    ],
    [
      'two defaults (wired and Wi-Fi, different metrics)',
      ipv4(ETH0_DEFAULT, 'wlan0\t00000000\t0101A8C0\t0003\t0\t0\t600\t00000000\t0\t0\t0'),
      ['eth0', 'wlan0'],
    ],
  ];
  for (const [name, text, interfaces] of cases) {
    test(name, () => {
      const routes = parseIpv4DefaultRoutes(text);
      assert.deepEqual(
        routes.map((route) => route.interfaceName),
        interfaces,
      );
      assert.ok(routes.every((route) => route.family === 4));
    });
  }

  test('a line it cannot read is an error naming the file and the line', () => {
    assert.throws(() => parseIpv4DefaultRoutes(ipv4('eth0\t00000000\t010200C0')), {
      message: /\/proc\/net\/route: expected at least 8 columns in line "eth0\\t00000000\\t010200C0"/,
    });
    assert.throws(() => parseIpv4DefaultRoutes(ipv4('eth0\tzzzzzzzz\t010200C0\t0003\t0\t0\t0\t00000000')), {
      message: /\/proc\/net\/route: expected a hexadecimal destination/,
    });
  });
});

describe('parseIpv6DefaultRoutes (/proc/net/ipv6_route)', () => {
  const cases: [string, string[], string[]][] = [
    [
      'a default via eth0 beside the unreachable default on lo',
      [IPV6_ETH0_DEFAULT, IPV6_LO_UNREACHABLE],
      ['eth0'],
    ],
    [
      'only the kernel’s unreachable default on lo',
      [IPV6_LINK_LOCAL, IPV6_LO_UNREACHABLE, IPV6_LOOPBACK_HOST],
      [],
    ],
    ['no routes at all', [], []],
  ];
  for (const [name, rows, interfaces] of cases) {
    test(name, () => {
      const routes = parseIpv6DefaultRoutes(rows.map((row) => `${row}\n`).join(''));
      assert.deepEqual(
        routes.map((route) => route.interfaceName),
        interfaces,
      );
      assert.ok(routes.every((route) => route.family === 6));
    });
  }

  test('a line it cannot read is an error naming the file and the line', () => {
    assert.throws(() => parseIpv6DefaultRoutes('00000000000000000000000000000000 00 eth0\n'), {
      message:
        /\/proc\/net\/ipv6_route: expected 10 columns in line "00000000000000000000000000000000 00 eth0"/,
    });
  });
});

describe('parseInterfaceState (sysfs operstate and flags)', () => {
  const cases: [string, string, string, InterfaceState][] = [
    ['an Ethernet link that is up', 'up\n', '0x1003\n', { up: true, loopback: false }],
    ['loopback (operstate unknown)', 'unknown\n', '0x9\n', { up: true, loopback: true }],
    ['a WireGuard or tun device (unknown, up)', 'unknown\n', '0x1091\n', { up: true, loopback: false }],
    [
      'carrier lost: administratively up, operationally down',
      'down\n',
      '0x1003\n',
      { up: false, loopback: false },
    ],
    ['a veth whose peer went down', 'lowerlayerdown\n', '0x1003\n', { up: false, loopback: false }],
    ['administratively down', 'down\n', '0x1002\n', { up: false, loopback: false }],
    ['Wi-Fi associated but not yet authenticated', 'dormant\n', '0x1003\n', { up: false, loopback: false }],
  ];
  for (const [name, operstate, flags, expected] of cases) {
    test(name, () => assert.deepEqual(parseInterfaceState(operstate, flags), expected));
  }

  test('flags that are not hexadecimal are an error', () => {
    assert.throws(() => parseInterfaceState('up', 'up'), { message: /expected a hexadecimal flags/ });
  });
});

describe('hasUsableDefaultRoute', () => {
  const states: Record<string, InterfaceState> = {
    eth0: { up: true, loopback: false },
    wlan0: { up: false, loopback: false },
    lo: { up: true, loopback: true },
  };
  const stateOf = (name: string) => states[name];
  const cases: [string, string[], boolean][] = [
    ['a default through an interface that is up', ['eth0'], true],
    ['only through an interface whose carrier is gone', ['wlan0'], false],
    ['only through loopback', ['lo'], false],
    ['no default route', [], false],
    ['one of two defaults still usable', ['wlan0', 'eth0'], true],
    ['through an interface sysfs does not describe: trusted', ['ppp9'], true],
  ];
  for (const [name, interfaces, online] of cases) {
    test(name, () => {
      const routes = interfaces.map((interfaceName) => ({ family: 4 as const, interfaceName }));
      assert.equal(hasUsableDefaultRoute(routes, stateOf), online);
    });
  }

  test('a route through an undescribed interface named lo is still loopback', () => {
    assert.equal(
      hasUsableDefaultRoute([{ family: 6, interfaceName: 'lo' }], () => undefined),
      false,
    );
  });
});
