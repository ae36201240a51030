import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { writeLauncher } from '../../app/os/launchers/launchers.ts';
import { fixtureAppRecord } from '../helpers/fixture-app.ts';
import { desktopEntryTools } from '../os/helpers/desktop-entry-tools.ts';

const { root, program, freshHome, desktopFileValidate, launchedArgv } = desktopEntryTools(
  'pwa-host-launcher-controls-',
);

/** What GLib's own key-file parser reads as the entry's Name (python3-gi, as the desktop reads it). */
function nameGlibReads(path: string): { status: number | null; name: string; error: string } {
  const script =
    'import sys\nfrom gi.repository import GLib\nk = GLib.KeyFile()\nk.load_from_file(sys.argv[1], GLib.KeyFileFlags.NONE)\nsys.stdout.write(k.get_string("Desktop Entry", "Name"))';
  const result = spawnSync('/usr/bin/python3', ['-c', script, path], { encoding: 'utf8' });
  return { status: result.status, name: result.stdout, error: result.stderr };
}

test('control characters in an app’s name never reach its launcher raw; GLib reads and launches the file', async () => {
  const home = freshHome();
  const env = { HOME: home, XDG_DATA_HOME: join(home, 'data') };
  const hostile = 'Ne\u0000ws\u0007 \u001b[31mRed\u009b\u007f\tTab';
  const app = fixtureAppRecord('https://news.example', hostile, { id: 'abcdefghijklmnopabcdefghijklmnop' });
  const path = writeLauncher(app, { hostCommand: [program], dataDir: join(root, 'data dir'), env });

  const text = readFileSync(path, 'utf8');
  // biome-ignore lint/suspicious/noControlCharactersInRegex: what must not be in the file
  assert.doesNotMatch(text, /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/, 'no raw control character');
  assert.equal(desktopFileValidate(path).output, '');
  const read = nameGlibReads(path);
  assert.equal(read.status, 0, read.error);
  assert.equal(read.name, 'News [31mRed\tTab', 'the name without its control characters (a tab is escaped)');
  assert.deepEqual((await launchedArgv(path)).slice(-1), [`--app-id=${app.id}`]);
});
