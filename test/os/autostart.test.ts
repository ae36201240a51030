import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import {
  AutostartUnsupportedError,
  autostartPath,
  disableAutostart,
  enableAutostart,
  isAutostartEnabled,
} from '../../app/os/autostart/autostart.ts';
import { dataDirHash } from '../../app/os/data-dir-name.ts';
import { desktopEntryTools } from './helpers/desktop-entry-tools.ts';

const { root, program, freshHome, desktopFileValidate, launchedArgv } =
  desktopEntryTools('pwa-host-autostart-');

// Every character the Desktop Entry spec reserves or escapes, plus a tab, a newline and non-ASCII.
const awkwardDataDir = join(root, 'data "dir" \\ $HOME %h %% \'x\' `id` ;&|<>*?#()~ tab\there line\nbreak é');

/** A fresh home with its own XDG_CONFIG_HOME: tests never touch the real one. */
function freshEnv(): NodeJS.ProcessEnv {
  const home = freshHome();
  return { HOME: home, XDG_CONFIG_HOME: join(home, 'config') };
}

describe('XDG autostart', () => {
  test('enable writes $XDG_CONFIG_HOME/autostart/pwa-host-<data dir hash>.desktop, which desktop-file-validate accepts', () => {
    const env = freshEnv();
    const path = enableAutostart({ hostCommand: [program], dataDir: awkwardDataDir, env, platform: 'linux' });
    assert.equal(
      path,
      join(String(env.XDG_CONFIG_HOME), 'autostart', `pwa-host-${dataDirHash(awkwardDataDir)}.desktop`),
    );
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
    assert.equal(isAutostartEnabled({ dataDir: awkwardDataDir, env, platform: 'linux' }), true);
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
    disableAutostart({ dataDir: '/data', env, platform: 'linux' });
    assert.equal(existsSync(path), false);
    assert.equal(isAutostartEnabled({ dataDir: '/data', env, platform: 'linux' }), false);
    disableAutostart({ dataDir: '/data', env, platform: 'linux' });
  });

  test('an entry the user switched off in the desktop settings does not count as enabled', () => {
    for (const switchedOff of ['Hidden=true', 'X-GNOME-Autostart-enabled=false']) {
      const env = freshEnv();
      const path = enableAutostart({ hostCommand: [program], dataDir: '/data', env, platform: 'linux' });
      const text = readFileSync(path, 'utf8').replace('X-GNOME-Autostart-enabled=true\n', '');
      writeFileSync(path, `${text}${switchedOff}\n`);
      assert.equal(isAutostartEnabled({ dataDir: '/data', env, platform: 'linux' }), false, switchedOff);
    }
  });

  test('without XDG_CONFIG_HOME (or with a relative one) the entry goes to ~/.config/autostart; the default data dir keeps pwa-host.desktop', () => {
    const home = String(freshEnv().HOME);
    const dataDir = join(home, '.local', 'share', 'pwa-host');
    const expected = join(home, '.config', 'autostart', 'pwa-host.desktop');
    assert.equal(autostartPath({ dataDir, env: { HOME: home }, platform: 'linux' }), expected);
    assert.equal(
      autostartPath({ dataDir, env: { HOME: home, XDG_CONFIG_HOME: 'relative/config' }, platform: 'linux' }),
      expected,
    );
  });

  test('two data dirs have two entries; disabling one leaves the other enabled', () => {
    const env = freshEnv();
    enableAutostart({ hostCommand: [program], dataDir: '/first', env, platform: 'linux' });
    const second = enableAutostart({ hostCommand: [program], dataDir: '/second', env, platform: 'linux' });
    disableAutostart({ dataDir: '/first', env, platform: 'linux' });
    assert.equal(isAutostartEnabled({ dataDir: '/first', env, platform: 'linux' }), false);
    assert.equal(isAutostartEnabled({ dataDir: '/second', env, platform: 'linux' }), true);
    assert.deepEqual(desktopFileValidate(second), { status: 0, output: '' });
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
