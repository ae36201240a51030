import assert from 'node:assert/strict';
import { test } from 'node:test';
import { chromiumFlags } from '../../app/engine-chromium/launch-chromium.ts';

const switchesNamed = (flags: string[], name: string) =>
  flags.filter((flag) => flag.startsWith(`--${name}=`));

test("one --disable-features: Chromium reads only the last, so a caller's features join the quiet ones", () => {
  const flags = chromiumFlags('/profile', { disabledFeatures: ['Translate'] });
  assert.deepEqual(switchesNamed(flags, 'disable-features'), [
    '--disable-features=NetworkTimeServiceQuerying,Translate',
  ]);
});

test('the host browser is headless and quiet; a window is the same browser without --headless', () => {
  const host = chromiumFlags('/profile');
  const window = chromiumFlags('/profile', { headless: false });
  assert.ok(host.includes('--headless'));
  assert.deepEqual(
    host.filter((flag) => flag !== '--headless'),
    window,
  );
  for (const flag of [
    '--remote-debugging-pipe',
    '--disable-background-networking',
    '--user-data-dir=/profile',
  ])
    assert.ok(host.includes(flag), flag);
  assert.equal(
    host.some((flag) => flag.startsWith('--remote-debugging-port')),
    false,
  );
});

test("Chromium's own services are sent to a port it refuses, never to a real address", () => {
  const flags = chromiumFlags('/profile');
  assert.deepEqual(switchesNamed(flags, 'gaia-url'), ['--gaia-url=http://127.0.0.1:9']);
  assert.deepEqual(switchesNamed(flags, 'component-updater'), [
    '--component-updater=url-source=http://127.0.0.1:9/',
  ]);
});

test('only an offline browser (the UI window) gets no proxy and no name resolution', () => {
  assert.equal(
    chromiumFlags('/profile').some((flag) => flag.startsWith('--host-resolver-rules')),
    false,
  );
  const offline = chromiumFlags('/profile', { offline: true });
  assert.ok(offline.includes('--no-proxy-server'));
  assert.ok(offline.includes('--host-resolver-rules=MAP * ~NOTFOUND'));
});
