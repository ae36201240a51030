import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { controlSocketPath, reachableSocketPath } from '../../app/control/control-socket.ts';
import { defaultDataDir } from '../../app/os/data-dir.ts';
import { xdgDataHome } from '../../app/os/xdg-dirs.ts';
import { childEnv, MAIN, NODE, runCli } from '../cli/helpers/run-cli.ts';
import { waitForSocket } from '../cli/helpers/wait-for-socket.ts';
import { tempDataDir } from '../helpers/harness.ts';
import { startServe } from '../helpers/serve-process.ts';

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

test('a data dir whose control socket path is over the 107 bytes of sun_path is served, with the socket in it', async (t) => {
  const dataDir = join(tempDataDir(t), 'a folder with a rather long name'.repeat(3), 'pwa-host');
  const socketPath = controlSocketPath(dataDir);
  assert.ok(Buffer.byteLength(socketPath) > 107, `${socketPath} is longer than sun_path`);
  startServe(t, dataDir);
  await waitForSocket(socketPath);
  assert.ok(statSync(socketPath).isSocket(), 'the socket is in the data dir');
  assert.equal(statSync(socketPath).mode & 0o777, 0o600, 'and only its owner may use it');

  const set = await runCli(['--data-dir', dataDir, 'config', 'set', 'runs-kept', '77']);
  assert.equal(set.exitCode, 0, set.stderr);
  const status = await runCli(['--data-dir', dataDir, 'status', '--json']);
  assert.equal(status.exitCode, 0, status.stderr);
  assert.equal(
    (JSON.parse(status.stdout) as { running: boolean }).running,
    true,
    'the serving host answered',
  );
});

test('where no descriptor path reaches a long socket path, the host says why and what to do', () => {
  const socketPath = `/Users/someone/${'deep/'.repeat(25)}pwa-host/control.sock`;
  assert.throws(() => reachableSocketPath(socketPath, 'darwin'), {
    code: 'socket-path-too-long',
    message:
      /is 161 bytes long, and this system's Unix sockets take at most 103\. Use a data dir with a shorter path/,
  });
  assert.equal(reachableSocketPath('/short/control.sock', 'darwin').path, '/short/control.sock');
});
