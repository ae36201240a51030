import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import {
  APPS_PARTITION,
  appWindowWebPreferences,
  HOST_UI_PARTITION,
  hostUiWebPreferences,
  LOCKED_WEB_PREFERENCES,
} from '../../app/desktop/web-preferences.ts';

const root = new URL('../..', import.meta.url).pathname;

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
};

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
