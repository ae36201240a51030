import assert from 'node:assert/strict';
import { test } from 'node:test';
import { desktopHostCommand, launchArgv } from '../../app/desktop/desktop-host-command.ts';
import {
  HOST_PAGE_CSP,
  isHostPageUrl,
  MANAGER_URL,
  managerUrl,
  resolveHostPage,
} from '../../app/desktop/host-pages.ts';
import { withLoginItems } from '../../app/desktop/login-items.ts';
import { decideAppPermission, decideHostPagePermission } from '../../app/desktop/permission-policy.ts';
import type { OsIntegration } from '../../app/host/os-integration.ts';

const scopes = ['https://news.example/app/', 'http://127.0.0.1:8080/'];
const appPermissions: [string, string, boolean][] = [
  ['notifications', 'https://news.example/app/page', true],
  ['persistent-storage', 'https://news.example/app/', true],
  ['fullscreen', 'http://127.0.0.1:8080/x', true],
  ['clipboard-sanitized-write', 'https://news.example/app/', true],
  ['periodic-background-sync', 'https://news.example/app/', true],
  ['notifications', 'https://news.example/other/', false],
  ['notifications', 'https://ads.example/frame', false],
  ['notifications', 'http://127.0.0.1:8081/', false],
  ['media', 'https://news.example/app/', false],
  ['geolocation', 'https://news.example/app/', false],
  ['clipboard-read', 'https://news.example/app/', false],
  ['display-capture', 'https://news.example/app/', false],
  ['openExternal', 'https://news.example/app/', false],
  ['usb', 'https://news.example/app/', false],
  ['unknown', 'https://news.example/app/', false],
  ['notifications', 'not a url', false],
];
for (const [permission, requestingUrl, granted] of appPermissions) {
  test(`apps session: ${permission} for ${requestingUrl} → ${granted ? 'granted' : 'denied'}`, () => {
    assert.equal(decideAppPermission({ permission, requestingUrl }, scopes), granted);
  });
}

test("a check with only an origin (a service worker) is granted for an installed app's origin only", () => {
  const check = (permission: string, origin: string) => decideAppPermission({ permission, origin }, scopes);
  assert.equal(check('notifications', 'https://news.example'), true);
  assert.equal(check('notifications', 'http://127.0.0.1:8080'), true);
  assert.equal(check('notifications', 'https://ads.example'), false);
  assert.equal(check('notifications', 'null'), false);
  assert.equal(check('geolocation', 'https://news.example'), false);
  assert.equal(decideAppPermission({ permission: 'notifications' }, scopes), false);
});

test('apps session with no installed app grants nothing', () => {
  assert.equal(
    decideAppPermission({ permission: 'notifications', requestingUrl: scopes[0] ?? '' }, []),
    false,
  );
});

test('host UI session: its own pages may write the clipboard, nothing else, and no other page anything', () => {
  assert.equal(
    decideHostPagePermission({ permission: 'clipboard-sanitized-write', requestingUrl: MANAGER_URL }),
    true,
  );
  assert.equal(decideHostPagePermission({ permission: 'notifications', requestingUrl: MANAGER_URL }), false);
  assert.equal(decideHostPagePermission({ permission: 'media', requestingUrl: MANAGER_URL }), false);
  assert.equal(
    decideHostPagePermission({
      permission: 'clipboard-sanitized-write',
      requestingUrl: 'https://evil.example/',
    }),
    false,
  );
  assert.equal(
    decideHostPagePermission({
      permission: 'clipboard-sanitized-write',
      requestingUrl: 'pwa-host://other/x',
    }),
    false,
  );
});

test('the manager URL, and its install flow with the URL encoded into the fragment', () => {
  assert.equal(managerUrl(), 'pwa-host://ui/index.html');
  const url = managerUrl('https://app.example/start?a=1&b=2#x');
  assert.equal(
    url,
    'pwa-host://ui/index.html#/install/https%3A%2F%2Fapp.example%2Fstart%3Fa%3D1%26b%3D2%23x',
  );
  assert.equal(isHostPageUrl(url), true);
  assert.equal(
    decodeURIComponent(new URL(url).hash.split('/')[2] ?? ''),
    'https://app.example/start?a=1&b=2#x',
  );
});

test('host page URLs: only pwa-host://ui', () => {
  assert.equal(isHostPageUrl(MANAGER_URL), true);
  assert.equal(isHostPageUrl('pwa-host://ui/assets/app.js'), true);
  assert.equal(isHostPageUrl('pwa-host://evil/x'), false);
  assert.equal(isHostPageUrl('pwa-host://user:pw@ui/index.html'), false);
  assert.equal(isHostPageUrl('file:///ui/index.html'), false);
  assert.equal(isHostPageUrl('https://ui/index.html'), false);
});

const root = '/opt/pwa-host/resources/app.asar';
const pages: [string, string | null, string?][] = [
  ['pwa-host://ui/index.html', `${root}/dist/renderer/index.html`, 'text/html; charset=utf-8'],
  ['pwa-host://ui/', `${root}/dist/renderer/index.html`, 'text/html; charset=utf-8'],
  [
    'pwa-host://ui/assets/main.js?v=1',
    `${root}/dist/renderer/assets/main.js`,
    'text/javascript; charset=utf-8',
  ],
  ['pwa-host://ui/main.css', `${root}/dist/renderer/main.css`, 'text/css; charset=utf-8'],
  // Dot segments are resolved by the URL itself: they stay inside the host's folder.
  ['pwa-host://ui/../main/main.js', `${root}/dist/renderer/main/main.js`, 'text/javascript; charset=utf-8'],
  [
    'pwa-host://ui/%2e%2e/main/main.js',
    `${root}/dist/renderer/main/main.js`,
    'text/javascript; charset=utf-8',
  ],
  // Encoded slashes are not path separators for the URL, but would be for the file system: refused.
  ['pwa-host://ui/..%2fmain%2fmain.js', null],
  ['pwa-host://ui/%2e%2e%2f%2e%2e%2fpackage.json', null],
  ['pwa-host://ui/a%5c..%5c..%5cx.js', null],
  ['pwa-host://ui/x%00.html', null],
  ['pwa-host://ui/%E0%A4%A', null],
  ['pwa-host://ui/secret.db', null],
  ['pwa-host://ui/noext', null],
  ['pwa-host://other/index.html', null],
  ['https://ui/index.html', null],
];
for (const [url, path, contentType] of pages) {
  test(`pwa-host:// resolves ${url} → ${path ?? 'not found'}`, () => {
    const resolved = resolveHostPage(url, root);
    if (path === null) assert.deepEqual(resolved, { kind: 'not-found' });
    else assert.deepEqual(resolved, { kind: 'file', path, contentType });
  });
}

test('host page CSP: nothing by default, no inline or eval script, no framing, no network', () => {
  const directives = new Map(
    HOST_PAGE_CSP.split(';').map((part) => {
      const [name, ...values] = part.trim().split(/\s+/);
      return [name, values] as const;
    }),
  );
  assert.deepEqual(directives.get('default-src'), ["'none'"]);
  assert.deepEqual(directives.get('script-src'), ["'self'"]);
  assert.deepEqual(directives.get('connect-src'), ["'none'"]);
  assert.deepEqual(directives.get('frame-ancestors'), ["'none'"]);
  assert.deepEqual(directives.get('object-src'), ["'none'"]);
  assert.deepEqual(directives.get('base-uri'), ["'none'"]);
  assert.doesNotMatch(HOST_PAGE_CSP, /unsafe-inline|unsafe-eval|\*|https?:/);
});

test('the packaged app is its own command; an AppImage is its image file; development is electron + folder', () => {
  const base = { execPath: '/opt/PWA Host/pwa-host', appPath: '/opt/PWA Host/resources/app.asar', env: {} };
  assert.deepEqual(desktopHostCommand({ ...base, isPackaged: true }), ['/opt/PWA Host/pwa-host']);
  assert.deepEqual(
    desktopHostCommand({
      ...base,
      execPath: '/tmp/.mount_PWAxyz/pwa-host',
      isPackaged: true,
      env: { APPIMAGE: '/home/ada/Apps/PWA-Host.AppImage' },
    }),
    ['/home/ada/Apps/PWA-Host.AppImage'],
  );
  assert.deepEqual(
    desktopHostCommand({
      execPath: '/repo/node_modules/electron/dist/electron',
      appPath: '/repo',
      isPackaged: false,
      env: {},
    }),
    ['/repo/node_modules/electron/dist/electron', '/repo'],
  );
  assert.deepEqual(launchArgv(['/opt/app', '--background'], true), ['--background']);
  assert.deepEqual(launchArgv(['/electron', '.', '--background'], false), ['--background']);
});

test('autostart is a login item on macOS and Windows, the XDG entry on Linux', async () => {
  const calls: string[] = [];
  const os: OsIntegration = {
    appInstalled: async () => {},
    appUninstalled: async () => {},
    setAutostart: async (enabled) => {
      calls.push(`xdg ${enabled}`);
    },
    armWakeUp: async () => {},
    disarmWakeUp: async () => {},
    wakeUp: async () => null,
  };
  const loginItems = { set: (enabled: boolean) => calls.push(`login item ${enabled}`) };
  await withLoginItems(os, loginItems, 'linux').setAutostart(true);
  await withLoginItems(os, loginItems, 'darwin').setAutostart(true);
  await withLoginItems(os, loginItems, 'win32').setAutostart(false);
  assert.deepEqual(calls, ['xdg true', 'login item true', 'login item false']);
});
