import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { DESKTOP_APP_ID, DESKTOP_ENTRY_NAME } from '../../app/desktop/app-identity.ts';
import { builderConfigErrors, loadBuilderConfig } from '../../scripts/packaging/builder-config.ts';

const root = join(import.meta.dirname, '..', '..');
const config = loadBuilderConfig(join(root, 'electron-builder.yml')) as Record<string, unknown>;

test("electron-builder.yml is valid against app-builder-lib's scheme.json", () => {
  assert.deepEqual(builderConfigErrors(config), []);
});

test('a misspelt key is reported with its path and name', () => {
  const linux = config.linux as Record<string, unknown>;
  const { category, ...rest } = linux;
  const broken = { ...config, linux: { ...rest, categry: category } };
  assert.deepEqual(builderConfigErrors(broken), ['/linux must NOT have additional properties (categry)']);
});

test('a wrong value type is reported with its path', () => {
  const nsis = config.nsis as Record<string, unknown>;
  const broken = { ...config, nsis: { ...nsis, perMachine: 'no' } };
  assert.deepEqual(builderConfigErrors(broken), ['/nsis/perMachine must be boolean']);
});

test('the installers the issue asks for, with their launcher and uninstaller settings', () => {
  const linux = config.linux as { target: string[]; desktop: { entry: Record<string, string> } };
  assert.deepEqual(linux.target, ['AppImage', 'deb', 'rpm']);
  assert.match(linux.desktop.entry.Categories ?? '', /^(\w+;)+$/);
  // Electron's window class is package.json desktopName without .desktop; the entry must name the same.
  const { desktopName } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
    desktopName: string;
  };
  assert.equal(desktopName, `${(config.linux as { executableName: string }).executableName}.desktop`);
  assert.equal(linux.desktop.entry.StartupWMClass, desktopName.replace(/\.desktop$/, ''));
  const nsis = config.nsis as Record<string, unknown>;
  assert.equal(nsis.perMachine, false);
  assert.equal(nsis.oneClick, false);
  assert.equal(nsis.createStartMenuShortcut, true);
  assert.equal(nsis.createDesktopShortcut, 'always');
  assert.equal(nsis.include, 'build/installer.nsh');
  const mac = config.mac as Record<string, unknown>;
  assert.deepEqual(mac.target, ['dmg']);
  assert.equal(mac.hardenedRuntime, true);
  assert.equal(mac.entitlements, 'build/entitlements.mac.plist');
  assert.equal((config.deb as Record<string, unknown>).afterRemove, 'build/linux/after-remove.sh');
  assert.equal((config.rpm as Record<string, unknown>).afterRemove, 'build/linux/after-remove.sh');
  assert.equal(config.afterPack, './scripts/after-pack.ts');
});

test('the names main/ gives the running app are the ones the installers declare', () => {
  // Windows shows a process's toasts only under the AppUserModelID of its Start menu shortcut (the appId).
  assert.equal(config.appId, DESKTOP_APP_ID);
  const { desktopName } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
    desktopName: string;
  };
  assert.equal(desktopName, DESKTOP_ENTRY_NAME);
});
