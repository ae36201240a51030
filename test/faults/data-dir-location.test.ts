import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { defaultDataDir } from '../../app/os/data-dir.ts';
import { xdgDataHome } from '../../app/os/xdg-dirs.ts';
import { childEnv, MAIN, NODE } from '../cli/helpers/run-cli.ts';
import { tempDataDir } from '../helpers/harness.ts';

// The XDG Base Directory spec: a relative $XDG_DATA_HOME is invalid and must be ignored. The data dir and
// the launchers both live under it, so both must read it the same way.
test('a relative XDG_DATA_HOME is ignored by the data dir as it is by the launchers', () => {
  const env = { HOME: '/home/someone', XDG_DATA_HOME: 'relative/share' };
  assert.equal(xdgDataHome(env), '/home/someone/.local/share');
  assert.equal(defaultDataDir(env, 'linux'), join(xdgDataHome(env), 'pwa-host'));
});

test('the command line never makes a data dir relative to the working directory', (t) => {
  const home = tempDataDir(t);
  const workingDir = join(home, 'somewhere');
  mkdirSync(workingDir);
  const { PWA_HOST_DATA_DIR: _unset, ...env } = childEnv({ HOME: home, XDG_DATA_HOME: 'relative-share' });
  const result = spawnSync(NODE, [MAIN, 'config', 'set', 'runs-kept', '50'], {
    cwd: workingDir,
    env,
    encoding: 'utf8',
  });
  assert.equal(result.status, 0, result.stderr);
  assert.equal(
    existsSync(join(workingDir, 'relative-share')),
    false,
    'nothing is made under the working dir',
  );
  assert.ok(
    existsSync(join(home, '.local', 'share', 'pwa-host', 'pwa-host.db')),
    'the store is in ~/.local/share',
  );
});
