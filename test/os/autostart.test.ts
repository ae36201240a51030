import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import {
  AutostartUnsupportedError,
  autostartPath,
  disableAutostart,
  enableAutostart,
  isAutostartEnabled,
} from '../../app/os/autostart/autostart.ts';
import { waitFor } from '../helpers/settle.ts';

const root = mkdtempSync(join(tmpdir(), 'pwa-host-autostart-'));
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

// Every character the Desktop Entry spec reserves or escapes, plus a tab, a newline and non-ASCII.
const awkwardDataDir = join(root, 'data "dir" \\ $HOME %h %% \'x\' `id` ;&|<>*?#()~ tab\there line\nbreak é');

let counter = 0;
/** A fresh home with its own XDG_CONFIG_HOME: tests never touch the real one. */
function freshEnv(): NodeJS.ProcessEnv {
  const home = join(root, `home-${counter++}`);
  mkdirSync(home);
  return { HOME: home, XDG_CONFIG_HOME: join(home, 'config') };
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

describe('XDG autostart', () => {
  test('enable writes $XDG_CONFIG_HOME/autostart/pwa-host.desktop, which desktop-file-validate accepts', () => {
    const env = freshEnv();
    const path = enableAutostart({ hostCommand: [program], dataDir: awkwardDataDir, env, platform: 'linux' });
    assert.equal(path, join(String(env.XDG_CONFIG_HOME), 'autostart', 'pwa-host.desktop'));
    assert.deepEqual(desktopFileValidate(path), { status: 0, output: '' });
    const lines = readFileSync(path, 'utf8').split('\n');
    for (const line of [
      'Type=Application',
      'NoDisplay=true',
      'X-GNOME-Autostart-enabled=true',
      'Terminal=false',
    ]) {
      assert.ok(lines.includes(line), line);
    }
    assert.equal(isAutostartEnabled({ env, platform: 'linux' }), true);
  });

  test('desktop-file-validate is live: it rejects an Exec with an unescaped reserved character', () => {
    const path = join(root, 'broken.desktop');
    writeFileSync(path, '[Desktop Entry]\nType=Application\nName=x\nExec="/bin/true $HOME"\n');
    assert.notEqual(desktopFileValidate(path).status, 0);
  });

  test('the session starts `<pwa-host> --data-dir <dir> serve` with the data dir intact (gio launch)', async () => {
    const env = freshEnv();
    const path = enableAutostart({ hostCommand: [program], dataDir: awkwardDataDir, env, platform: 'linux' });
    assert.deepEqual(await launchedArgv(path), ['--data-dir', awkwardDataDir, 'serve']);
  });

  test('disable removes the entry; disabling again is fine', () => {
    const env = freshEnv();
    const path = enableAutostart({ hostCommand: [program], dataDir: '/data', env, platform: 'linux' });
    disableAutostart({ env, platform: 'linux' });
    assert.equal(existsSync(path), false);
    assert.equal(isAutostartEnabled({ env, platform: 'linux' }), false);
    disableAutostart({ env, platform: 'linux' });
  });

  test('an entry the user switched off in the desktop settings does not count as enabled', () => {
    for (const switchedOff of ['Hidden=true', 'X-GNOME-Autostart-enabled=false']) {
      const env = freshEnv();
      const path = enableAutostart({ hostCommand: [program], dataDir: '/data', env, platform: 'linux' });
      const text = readFileSync(path, 'utf8').replace('X-GNOME-Autostart-enabled=true\n', '');
      writeFileSync(path, `${text}${switchedOff}\n`);
      assert.equal(isAutostartEnabled({ env, platform: 'linux' }), false, switchedOff);
    }
  });

  test('without XDG_CONFIG_HOME (or with a relative one) the entry goes to ~/.config/autostart', () => {
    const home = String(freshEnv().HOME);
    const expected = join(home, '.config', 'autostart', 'pwa-host.desktop');
    assert.equal(autostartPath({ env: { HOME: home }, platform: 'linux' }), expected);
    assert.equal(
      autostartPath({ env: { HOME: home, XDG_CONFIG_HOME: 'relative/config' }, platform: 'linux' }),
      expected,
    );
  });

  test('macOS and Windows use login items from the desktop app instead', () => {
    for (const platform of ['darwin', 'win32'] as const) {
      assert.throws(
        () => enableAutostart({ hostCommand: [program], dataDir: '/data', env: freshEnv(), platform }),
        AutostartUnsupportedError,
      );
    }
  });
});
