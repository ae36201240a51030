import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { dataDirHash } from '../../app/os/data-dir-name.ts';
import { bestLauncherIcon, GENERIC_LAUNCHER_ICON } from '../../app/os/launchers/launcher-icon.ts';
import { launcherPath, removeLauncher, writeLauncher } from '../../app/os/launchers/launchers.ts';
import type { AppRecord, IconRecord } from '../../app/store/records.ts';
import { fixtureAppRecord } from '../helpers/fixture-app.ts';
import { desktopEntryTools } from './helpers/desktop-entry-tools.ts';

const { root, program, freshHome, desktopFileValidate, launchedArgv } =
  desktopEntryTools('pwa-host-launcher-');

const APP_ID = 'abcdefghijklmnopabcdefghijklmnop';

function app(overrides: Partial<AppRecord> = {}): AppRecord {
  return fixtureAppRecord('https://news.example', 'Fixture News', {
    id: APP_ID,
    shortName: 'News',
    installedAt: 0,
    updatedAt: 0,
    ...overrides,
  });
}

/** A fresh home with its own XDG_DATA_HOME: tests never touch the real one. */
function freshEnv(): NodeJS.ProcessEnv & { HOME: string; XDG_DATA_HOME: string } {
  const home = freshHome();
  return { HOME: home, XDG_DATA_HOME: join(home, 'data home') };
}

/** Saves icon files the way the installer does (relative to the data dir) and returns their records. */
function saveIcons(
  dataDir: string,
  icons: (Omit<IconRecord, 'src' | 'file'> & { file?: string; missing?: boolean })[],
) {
  return icons.map(({ missing, ...icon }, index): IconRecord => {
    if (icon.file && !missing) {
      mkdirSync(join(dataDir, 'icons', APP_ID), { recursive: true });
      writeFileSync(join(dataDir, icon.file), 'icon bytes');
    }
    return { src: `https://news.example/icon-${index}`, ...icon };
  });
}

function entryLines(path: string): string[] {
  return readFileSync(path, 'utf8').split('\n');
}

describe('application launchers', () => {
  test('install writes $XDG_DATA_HOME/applications/pwa-host-<id>-<data dir hash>.desktop, which desktop-file-validate accepts', () => {
    const env = freshEnv();
    const dataDir = join(root, 'custom data');
    const icons = saveIcons(dataDir, [
      { file: `icons/${APP_ID}/0.png`, sizes: '192x192', type: 'image/png' },
      { file: `icons/${APP_ID}/1.png`, sizes: '512x512', type: 'image/png' },
    ]);
    const path = writeLauncher(app({ icons }), { hostCommand: [program], dataDir, env });
    const windowClass = `pwa-host-${APP_ID}-${dataDirHash(dataDir)}`;
    assert.equal(path, join(env.XDG_DATA_HOME, 'applications', `${windowClass}.desktop`));
    assert.deepEqual(desktopFileValidate(path), { status: 0, output: '' });
    const lines = entryLines(path);
    for (const line of [
      'Type=Application',
      'Name=Fixture News',
      `Icon=${join(dataDir, 'icons', APP_ID, '1.png')}`,
      `StartupWMClass=${windowClass}`,
      'Categories=Network;',
      'Terminal=false',
    ]) {
      assert.ok(lines.includes(line), `${line} in\n${lines.join('\n')}`);
    }
  });

  test('the launcher starts `<pwa-host> --data-dir <dir> --app-id=<id>` with awkward paths intact (gio launch)', async () => {
    const env = freshEnv();
    const dataDir = join(root, 'data "dir" \\ $HOME %h \'x\' `id` ;&|<>*?#()~ é');
    const path = writeLauncher(app(), { hostCommand: [program], dataDir, env });
    assert.deepEqual(desktopFileValidate(path), { status: 0, output: '' });
    assert.deepEqual(await launchedArgv(path), ['--data-dir', dataDir, `--app-id=${APP_ID}`]);
  });

  test('with the default data dir the launcher keeps the plain name and has no --data-dir, even if this process set PWA_HOST_DATA_DIR', async () => {
    const env = freshEnv();
    const defaultDataDir = join(env.XDG_DATA_HOME, 'pwa-host');
    const path = writeLauncher(app(), {
      hostCommand: [program],
      dataDir: defaultDataDir,
      env: { ...env, PWA_HOST_DATA_DIR: join(root, 'elsewhere') },
    });
    assert.equal(path, join(env.XDG_DATA_HOME, 'applications', `pwa-host-${APP_ID}.desktop`));
    assert.ok(entryLines(path).includes(`StartupWMClass=pwa-host-${APP_ID}`));
    assert.deepEqual(await launchedArgv(path), [`--app-id=${APP_ID}`]);
  });

  test('two data dirs get two launchers for the same app; removing one leaves the other', () => {
    const env = freshEnv();
    const first = writeLauncher(app(), { hostCommand: [program], dataDir: join(root, 'first'), env });
    const second = writeLauncher(app(), { hostCommand: [program], dataDir: join(root, 'second'), env });
    assert.notEqual(first, second);
    removeLauncher(APP_ID, { dataDir: join(root, 'first'), env });
    assert.equal(existsSync(first), false);
    assert.deepEqual(desktopFileValidate(second), { status: 0, output: '' });
  });

  test('names with backslashes, newlines and leading spaces are escaped and still validate', () => {
    const env = freshEnv();
    const path = writeLauncher(app({ name: ' News\\Daily\nEdition' }), {
      hostCommand: [program],
      dataDir: '/d',
      env,
    });
    assert.deepEqual(desktopFileValidate(path), { status: 0, output: '' });
    assert.ok(entryLines(path).includes('Name=\\sNews\\\\Daily\\nEdition'));
  });

  test('uninstall removes the launcher; removing again is fine; ids that are not ids are refused', () => {
    const env = freshEnv();
    const path = writeLauncher(app(), { hostCommand: [program], dataDir: '/d', env });
    removeLauncher(APP_ID, { dataDir: '/d', env });
    assert.equal(existsSync(path), false);
    removeLauncher(APP_ID, { dataDir: '/d', env });
    assert.throws(() => removeLauncher('../../.bashrc', { dataDir: '/d', env }), /not an app id/);
  });

  test('without XDG_DATA_HOME (or with a relative one) launchers go to ~/.local/share/applications', () => {
    const { HOME } = freshEnv();
    const dataDir = '/d';
    const expected = join(
      HOME,
      '.local',
      'share',
      'applications',
      `pwa-host-${APP_ID}-${dataDirHash(dataDir)}.desktop`,
    );
    assert.equal(launcherPath(APP_ID, { dataDir, env: { HOME } }), expected);
    assert.equal(launcherPath(APP_ID, { dataDir, env: { HOME, XDG_DATA_HOME: 'relative' } }), expected);
  });
});

describe('the launcher icon', () => {
  const dataDir = join(root, 'icon data');
  const file = (name: string) => `icons/${APP_ID}/${name}`;
  const absolute = (name: string) => join(dataDir, 'icons', APP_ID, name);

  test('the largest PNG for general use wins', () => {
    const icons = saveIcons(dataDir, [
      { file: file('a.png'), sizes: '192x192' },
      { file: file('b.png'), sizes: '144x144 512x512' },
      { file: file('c.svg'), sizes: 'any', type: 'image/svg+xml' },
      { file: file('d.png'), sizes: '1024x1024', purpose: 'maskable' },
    ]);
    assert.equal(bestLauncherIcon(icons, dataDir), absolute('b.png'));
  });

  test('an SVG beats PNGs that are only maskable; maskable beats nothing; monochrome never counts', () => {
    const svg = saveIcons(dataDir, [
      { file: file('m.png'), sizes: '512x512', purpose: 'maskable' },
      { file: file('s.svg'), sizes: 'any' },
    ]);
    assert.equal(bestLauncherIcon(svg, dataDir), absolute('s.svg'));
    const maskable = saveIcons(dataDir, [
      { file: file('m.png'), sizes: '512x512', purpose: 'maskable' },
      { file: file('mono.png'), sizes: '1024x1024', purpose: 'monochrome' },
    ]);
    assert.equal(bestLauncherIcon(maskable, dataDir), absolute('m.png'));
  });

  test('no saved, existing PNG or SVG: the generic icon name', () => {
    const icons = saveIcons(dataDir, [
      { sizes: '512x512' },
      { file: file('w.webp'), sizes: '512x512' },
      { file: file('gone.png'), sizes: '512x512', missing: true },
    ]);
    assert.equal(bestLauncherIcon(icons, dataDir), undefined);
    const env = freshEnv();
    const path = writeLauncher(app({ icons }), { hostCommand: [program], dataDir, env });
    assert.ok(entryLines(path).includes(`Icon=${GENERIC_LAUNCHER_ICON}`));
    assert.deepEqual(desktopFileValidate(path), { status: 0, output: '' });
  });
});
