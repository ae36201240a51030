import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { bestLauncherIcon, GENERIC_LAUNCHER_ICON } from '../../app/os/launchers/launcher-icon.ts';
import { launcherPath, removeLauncher, writeLauncher } from '../../app/os/launchers/launchers.ts';
import type { AppRecord, IconRecord } from '../../app/store/records.ts';
import { waitFor } from '../helpers/settle.ts';

const root = mkdtempSync(join(tmpdir(), 'pwa-host-launcher-'));
after(() => rmSync(root, { recursive: true, force: true }));

// A stand-in for pwa-host in a folder whose name needs quoting: it records the arguments it was started with.
// (No % in it: GLib looks the program up before it expands %%, so no quoting makes such a path launchable.)
const programDir = join(root, "bin dir $HOME 'q' é");
mkdirSync(programDir);
const program = join(programDir, 'pwa-host');
// It writes to a temporary file and renames it, so the test never reads a half-written list.
writeFileSync(
  program,
  '#!/bin/sh\nfor a in "$@"; do printf \'%s\\0\' "$a"; done > "$ARGV_OUT.tmp" && mv "$ARGV_OUT.tmp" "$ARGV_OUT"\n',
);
chmodSync(program, 0o755);

const APP_ID = 'abcdefghijklmnopabcdefghijklmnop';

function app(overrides: Partial<AppRecord> = {}): AppRecord {
  return {
    id: APP_ID,
    manifestId: 'https://news.example/',
    name: 'Fixture News',
    shortName: 'News',
    startUrl: 'https://news.example/',
    scope: 'https://news.example/',
    origin: 'https://news.example',
    display: 'standalone',
    themeColor: null,
    backgroundColor: null,
    icons: [],
    installedAt: 0,
    updatedAt: 0,
    paused: false,
    intervalFloorMs: null,
    ...overrides,
  };
}

let counter = 0;
/** A fresh home with its own XDG_DATA_HOME: tests never touch the real one. */
function freshEnv(): NodeJS.ProcessEnv & { HOME: string; XDG_DATA_HOME: string } {
  const home = join(root, `home-${counter++}`);
  mkdirSync(home);
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

/** desktop-file-validate (Debian desktop-file-utils): exit status and messages, empty for a clean file. */
function desktopFileValidate(path: string): { status: number | null; output: string } {
  const result = spawnSync('desktop-file-validate', [path], { encoding: 'utf8' });
  if (result.error)
    assert.fail(
      `desktop-file-validate is missing (apt-get install desktop-file-utils): ${result.error.message}`,
    );
  return { status: result.status, output: `${result.stdout}${result.stderr}`.trim() };
}

/** Starts a desktop file the way a desktop does (GLib's `gio launch`) and returns the argv its program got. */
async function launchedArgv(desktopFile: string): Promise<string[]> {
  const out = join(root, `argv-${counter++}`);
  const result = spawnSync('gio', ['launch', desktopFile], {
    encoding: 'utf8',
    env: { ...process.env, ARGV_OUT: out },
  });
  if (result.error) assert.fail(`gio is missing (apt-get install libglib2.0-bin): ${result.error.message}`);
  assert.equal(result.status, 0, result.stderr);
  const recorded = await waitFor('the launched program', () => existsSync(out) && readFileSync(out, 'utf8'));
  return recorded.split('\0').slice(0, -1);
}

function entryLines(path: string): string[] {
  return readFileSync(path, 'utf8').split('\n');
}

describe('application launchers', () => {
  test('install writes $XDG_DATA_HOME/applications/pwa-host-<id>.desktop, which desktop-file-validate accepts', () => {
    const env = freshEnv();
    const dataDir = join(root, 'custom data');
    const icons = saveIcons(dataDir, [
      { file: `icons/${APP_ID}/0.png`, sizes: '192x192', type: 'image/png' },
      { file: `icons/${APP_ID}/1.png`, sizes: '512x512', type: 'image/png' },
    ]);
    const path = writeLauncher(app({ icons }), { hostCommand: [program], dataDir, env });
    assert.equal(path, join(env.XDG_DATA_HOME, 'applications', `pwa-host-${APP_ID}.desktop`));
    assert.deepEqual(desktopFileValidate(path), { status: 0, output: '' });
    const lines = entryLines(path);
    for (const line of [
      'Type=Application',
      'Name=Fixture News',
      `Icon=${join(dataDir, 'icons', APP_ID, '1.png')}`,
      `StartupWMClass=pwa-host-${APP_ID}`,
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

  test('with the default data dir the launcher has no --data-dir, even if this process set PWA_HOST_DATA_DIR', async () => {
    const env = freshEnv();
    const defaultDataDir = join(env.XDG_DATA_HOME, 'pwa-host');
    const path = writeLauncher(app(), {
      hostCommand: [program],
      dataDir: defaultDataDir,
      env: { ...env, PWA_HOST_DATA_DIR: join(root, 'elsewhere') },
    });
    assert.deepEqual(await launchedArgv(path), [`--app-id=${APP_ID}`]);
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
    removeLauncher(APP_ID, { env });
    assert.equal(existsSync(path), false);
    removeLauncher(APP_ID, { env });
    assert.throws(() => removeLauncher('../../.bashrc', { env }), /not an app id/);
  });

  test('without XDG_DATA_HOME (or with a relative one) launchers go to ~/.local/share/applications', () => {
    const { HOME } = freshEnv();
    const expected = join(HOME, '.local', 'share', 'applications', `pwa-host-${APP_ID}.desktop`);
    assert.equal(launcherPath(APP_ID, { env: { HOME } }), expected);
    assert.equal(launcherPath(APP_ID, { env: { HOME, XDG_DATA_HOME: 'relative' } }), expected);
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
