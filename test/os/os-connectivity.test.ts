import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ManualConnectivity } from '../../app/connectivity/connectivity.ts';
import { LinuxRouteConnectivity } from '../../app/connectivity/linux-route-connectivity.ts';
import { NetworkInterfacesConnectivity } from '../../app/connectivity/network-interfaces-connectivity.ts';
import { connectivityModeFrom, createOsConnectivity } from '../../app/connectivity/os-connectivity.ts';

test('PWA_HOST_CONNECTIVITY: os by default, online/offline pinned, anything else a clear error', () => {
  const cases: [string | undefined, string][] = [
    [undefined, 'os'],
    ['', 'os'],
    ['os', 'os'],
    ['online', 'online'],
    [' OFFLINE ', 'offline'],
  ];
  for (const [value, mode] of cases) {
    const env = value === undefined ? {} : { PWA_HOST_CONNECTIVITY: value };
    assert.equal(connectivityModeFrom(env), mode, `for ${JSON.stringify(value)}`);
  }
  assert.throws(() => connectivityModeFrom({ PWA_HOST_CONNECTIVITY: 'wifi' }), {
    message: 'PWA_HOST_CONNECTIVITY must be one of os, online, offline (or unset); got "wifi".',
  });
});

test('the OS source: routes on Linux, the interface list elsewhere; a pinned state when asked for', () => {
  const linux = createOsConnectivity(undefined, {}, 'linux');
  assert.ok(linux instanceof LinuxRouteConnectivity);
  linux.close?.();
  assert.ok(createOsConnectivity(undefined, {}, 'darwin') instanceof NetworkInterfacesConnectivity);
  assert.ok(createOsConnectivity(undefined, {}, 'win32') instanceof NetworkInterfacesConnectivity);

  const logged: string[] = [];
  const logger = {
    debug() {},
    info: (_fields: Record<string, unknown>, message: string) => logged.push(message),
    warn() {},
    error() {},
  };
  const pinned = createOsConnectivity(logger, { PWA_HOST_CONNECTIVITY: 'offline' }, 'linux');
  assert.ok(pinned instanceof ManualConnectivity);
  assert.equal(pinned.isOnline(), false);
  assert.equal(createOsConnectivity(logger, { PWA_HOST_CONNECTIVITY: 'online' }, 'linux').isOnline(), true);
  assert.deepEqual(logged, [
    'connectivity: pinned offline by PWA_HOST_CONNECTIVITY',
    'connectivity: pinned online by PWA_HOST_CONNECTIVITY',
  ]);
});
