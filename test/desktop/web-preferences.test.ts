import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import {
  APPS_PARTITION,
  appWindowWebPreferences,
  HOST_UI_PARTITION,
  hostUiWebPreferences,
  LOCKED_WEB_PREFERENCES,
} from '../../app/desktop/web-preferences.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));

/** What Electron's security checklist requires of every renderer, as the values that must be set. */
const REQUIRED = {
  sandbox: true,
  contextIsolation: true,
  nodeIntegration: false,
  nodeIntegrationInWorker: false,
  nodeIntegrationInSubFrames: false,
  webSecurity: true,
  allowRunningInsecureContent: false,
  experimentalFeatures: false,
  webviewTag: false,
  plugins: false,
  navigateOnDragDrop: false,
  safeDialogs: true,
};

/** The only other keys a window's preferences may have: which session, which preload, DevTools. */
const ALSO_ALLOWED = new Set(['partition', 'preload', 'devTools']);

/** Settings that loosen a renderer when present at all (there is no safe value to give them). */
const NEVER_SET = ['enableBlinkFeatures', 'additionalArguments'];

/** Every preference a window gets, by which builder made it. */
const built = {
  'app window': appWindowWebPreferences(),
  'host UI window (development)': hostUiWebPreferences('/app/dist/preload/ui.js', false),
  'host UI window (packaged)': hostUiWebPreferences('/app/dist/preload/ui.js', true),
};

for (const [name, preferences] of Object.entries(built)) {
  test(`web preferences of the ${name} keep every checklist setting`, () => {
    for (const [key, value] of Object.entries(REQUIRED)) {
      assert.equal((preferences as Record<string, unknown>)[key], value, `${name}: ${key}`);
    }
    for (const key of NEVER_SET) assert.equal(Object.hasOwn(preferences, key), false, `${name}: ${key}`);
    // Any key beyond the checked ones is a setting nobody reviewed (javascript, images, a zoom factor… or a
    // new loosening one): it fails here until it is added to the lists above.
    for (const key of Object.keys(preferences)) {
      assert.ok(Object.hasOwn(REQUIRED, key) || ALSO_ALLOWED.has(key), `${name}: unreviewed setting ${key}`);
    }
    assert.ok(
      [APPS_PARTITION, HOST_UI_PARTITION].includes(preferences.partition),
      `${name}: partition ${preferences.partition}`,
    );
  });
}

test('apps and the host UI live in separate persistent sessions; DevTools are closed in a packaged UI', () => {
  assert.equal(built['app window'].partition, APPS_PARTITION);
  assert.equal(built['host UI window (packaged)'].partition, HOST_UI_PARTITION);
  assert.notEqual(APPS_PARTITION, HOST_UI_PARTITION);
  assert.equal(built['host UI window (packaged)'].devTools, false);
  assert.equal(built['app window'].preload, undefined);
});

test('the locked preferences object cannot be changed at run time by a caller', () => {
  const copy = appWindowWebPreferences();
  (copy as { sandbox: boolean }).sandbox = false;
  assert.equal(appWindowWebPreferences().sandbox, true);
  assert.equal(LOCKED_WEB_PREFERENCES.sandbox, true);
});

/** Source without comments, so a comment that mentions a setting does not count. */
function code(source: string): string {
  return source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:])\/\/.*$/gm, '$1');
}

const BUILDERS = /webPreferences:\s*(appWindowWebPreferences|hostUiWebPreferences)\(/;
// (`session` is left out: it is also a parameter name; a window's session comes from its partition.)
const SECURITY_KEYS = [...Object.keys(REQUIRED), ...NEVER_SET, 'preload', 'partition'];

/** Why this main-process source creates a window with preferences not from web-preferences.ts, if it does. */
function weakenedPreferences(source: string): string[] {
  const problems: string[] = [];
  const text = code(source);
  for (const match of text.matchAll(/webPreferences\s*:/g)) {
    const rest = text.slice(match.index);
    if (!BUILDERS.test(rest.slice(0, 80)))
      problems.push(`webPreferences not from a builder: ${rest.slice(0, 60)}`);
    else if (/^webPreferences:\s*\w+\([^)]*\)\s*,?\s*\.\.\./.test(rest))
      problems.push('spread after the builder');
  }
  for (const key of SECURITY_KEYS) {
    if (new RegExp(`\\b${key}\\s*:`).test(text) && key !== 'preload') problems.push(`sets ${key} itself`);
  }
  if (/webPreferences\s*\.\s*\w+\s*=/.test(text)) problems.push('changes webPreferences after building them');
  if (/overrideBrowserWindowOptions/.test(text)) problems.push('lets window.open choose window options');
  if (/action:\s*['"]allow['"]/.test(text)) problems.push('allows a page to open its own window');
  if (/webviewTag/.test(text)) problems.push('turns on <webview>');
  // Chromium switches that undo what webPreferences set, for every renderer at once.
  if (
    /appendSwitch\(\s*['"](no-sandbox|disable-web-security|disable-site-isolation-trials|allow-running-insecure-content|ignore-certificate-errors|remote-debugging-port|enable-blink-features|js-flags)/.test(
      text,
    )
  )
    problems.push('weakens every renderer with a command-line switch');
  if (/certificate-error|setCertificateVerifyProc/.test(text)) problems.push('overrides certificate checks');
  // pwa-host:// privileges: bypassCSP would void the pages' CSP; corsEnabled lets other origins read the
  // host's pages (Electron's loader for registered schemes checks no Access-Control-Allow-Origin).
  if (/\b(bypassCSP|corsEnabled|allowServiceWorkers)\s*:\s*true/.test(text))
    problems.push('gives pwa-host:// a privilege it must not have');
  return problems;
}

test('the checker catches weakened preferences (so a pass below means something)', () => {
  const weakened = [
    'new BrowserWindow({ webPreferences: { sandbox: false } });',
    'new BrowserWindow({ webPreferences: { ...appWindowWebPreferences(), nodeIntegration: true } });',
    'new BrowserWindow({ webPreferences: appWindowWebPreferences(), contextIsolation: false });',
    'const p = appWindowWebPreferences(); new BrowserWindow({ webPreferences: p });',
    "contents.setWindowOpenHandler(() => ({ action: 'allow', overrideBrowserWindowOptions: {} }));",
    'new BrowserWindow({ webPreferences: hostUiWebPreferences(x, y), webviewTag: true });',
    "const options = { enableBlinkFeatures: 'X' };",
    "app.commandLine.appendSwitch('no-sandbox');",
    "app.commandLine.appendSwitch( 'disable-web-security');",
    "app.commandLine.appendSwitch('remote-debugging-port', '9222');",
    "app.on('certificate-error', (event, _c, _u, _e, _cert, callback) => callback(true));",
    'session.setCertificateVerifyProc((_request, callback) => callback(0));',
    "protocol.registerSchemesAsPrivileged([{ scheme: 'pwa-host', privileges: { standard: true, bypassCSP: true } }]);",
    "protocol.registerSchemesAsPrivileged([{ scheme: 'pwa-host', privileges: { corsEnabled: true } }]);",
  ];
  for (const source of weakened) assert.notDeepEqual(weakenedPreferences(source), [], source);
  assert.deepEqual(
    weakenedPreferences('new BrowserWindow({ show: false, webPreferences: appWindowWebPreferences() });'),
    [],
  );
});

test('every window main/ creates takes its webPreferences from web-preferences.ts, unweakened', () => {
  const files = readdirSync(join(root, 'main')).filter((name) => name.endsWith('.ts'));
  assert.ok(files.length > 0);
  let windows = 0;
  for (const name of files) {
    const source = readFileSync(join(root, 'main', name), 'utf8');
    windows += code(source).match(/new BrowserWindow\(/g)?.length ?? 0;
    assert.deepEqual(weakenedPreferences(source), [], `main/${name}`);
    // A window without webPreferences would get Electron's defaults, not ours.
    const created = code(source).match(/new BrowserWindow\(/g)?.length ?? 0;
    const preferred = code(source).match(new RegExp(BUILDERS.source, 'g'))?.length ?? 0;
    assert.ok(preferred >= created, `main/${name}: ${created} windows, ${preferred} with built preferences`);
  }
  assert.ok(windows >= 3, `expected the app, hidden page and manager windows, found ${windows}`);
});

/** The preloads' source without comments. */
function preloadSources(): [string, string][] {
  const dir = join(root, 'preload');
  return readdirSync(dir)
    .filter((name) => name.endsWith('.ts'))
    .map((name) => [name, code(readFileSync(join(dir, name), 'utf8'))]);
}

/** Why a preload hands the page more than the functions it means to, if it does. */
function leakedElectron(source: string): string[] {
  const problems: string[] = [];
  for (const match of source.matchAll(/exposeInMainWorld\(([^;]*)\)/g)) {
    const args = match[1] ?? '';
    // ipcRenderer (any channel), the event objects it delivers, or Electron's modules themselves.
    if (/ipcRenderer|contextBridge|webFrame|require|process\b/.test(args))
      problems.push(`exposes Electron to the page: ${args.slice(0, 80)}`);
  }
  if (/executeInMainWorld\([^;]*\bargs:\s*\[[^\]]*\bipcRenderer\b/.test(source))
    problems.push('hands ipcRenderer itself to the main world');
  if (/\b(window|globalThis)\s*\.\s*\w+\s*=/.test(source)) problems.push('sets a global by hand');
  return problems;
}

test('the preload checker catches a page given Electron (so a pass below means something)', () => {
  const leaking = [
    "contextBridge.exposeInMainWorld('ipc', ipcRenderer);",
    "contextBridge.exposeInMainWorld('ipc', { send: ipcRenderer.send });",
    "contextBridge.exposeInMainWorld('api', { on: (c, f) => ipcRenderer.on(c, f) });",
    'contextBridge.executeInMainWorld({ func: f, args: [ipcRenderer] });',
    'window.ipc = ipcRenderer;',
  ];
  for (const source of leaking) assert.notDeepEqual(leakedElectron(source), [], source);
  assert.deepEqual(leakedElectron("contextBridge.exposeInMainWorld('pwaHost', api satisfies HostApi);"), []);
});

test('no preload gives a page ipcRenderer or any other Electron API', () => {
  const sources = preloadSources();
  assert.ok(sources.length >= 3, 'the UI, app page and service worker preloads');
  for (const [name, source] of sources) assert.deepEqual(leakedElectron(source), [], `preload/${name}`);
});
