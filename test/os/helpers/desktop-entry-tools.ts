import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after } from 'node:test';
import { waitFor } from '../../helpers/settle.ts';

export interface DesktopEntryTools {
  /** A throwaway folder for this test file, removed after it. */
  root: string;
  /** A stand-in for pwa-host in a folder whose name needs quoting; it records the arguments it got. */
  program: string;
  /** A fresh home below `root`, so tests never touch the real one. */
  freshHome(): string;
  desktopFileValidate(path: string): { status: number | null; output: string };
  launchedArgv(desktopFile: string): Promise<string[]>;
}

/** The validators and the launcher that desktop entry tests share (desktop-file-utils, GLib's gio). */
export function desktopEntryTools(prefix: string): DesktopEntryTools {
  const root = mkdtempSync(join(tmpdir(), prefix));
  after(() => rmSync(root, { recursive: true, force: true }));
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
  let counter = 0;
  return {
    root,
    program,
    freshHome() {
      const home = join(root, `home-${counter++}`);
      mkdirSync(home);
      return home;
    },
    /** desktop-file-validate (Debian desktop-file-utils): exit status and messages, empty for a clean file. */
    desktopFileValidate(path) {
      const result = spawnSync('desktop-file-validate', [path], { encoding: 'utf8' });
      if (result.error) {
        assert.fail(
          `desktop-file-validate is missing (apt-get install desktop-file-utils): ${result.error.message}`,
        );
      }
      return { status: result.status, output: `${result.stdout}${result.stderr}`.trim() };
    },
    /** Starts a desktop file the way a desktop does (GLib's `gio launch`) and returns the argv its program got. */
    async launchedArgv(desktopFile) {
      const out = join(root, `argv-${counter++}`);
      const result = spawnSync('gio', ['launch', desktopFile], {
        encoding: 'utf8',
        env: { ...process.env, ARGV_OUT: out },
      });
      if (result.error)
        assert.fail(`gio is missing (apt-get install libglib2.0-bin): ${result.error.message}`);
      assert.equal(result.status, 0, result.stderr);
      const recorded = await waitFor(
        'the launched program',
        () => existsSync(out) && readFileSync(out, 'utf8'),
      );
      return recorded.split('\0').slice(0, -1);
    },
  };
}
