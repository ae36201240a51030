import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { type DistSituation, planDist } from '../../scripts/packaging/dist-plan.ts';
import { childEnv } from '../cli/helpers/run-cli.ts';

const root = join(import.meta.dirname, '..', '..');
const offline: DistSituation['download'] = {
  url: 'http://mirror/x.zip',
  reachable: false,
  reason: 'ENOTFOUND',
};
const base: DistSituation = {
  electronVersion: '45.4.1',
  target: 'linux-x64',
  localDist: undefined,
  cachedZip: undefined,
  download: offline,
};

test('what npm run dist builds, from what can be had', () => {
  assert.deepEqual(planDist({ ...base, download: { url: 'u', reachable: true } }), {
    kind: 'installers',
    electronDist: undefined,
  });
  assert.deepEqual(planDist({ ...base, localDist: '/e', download: { url: 'u', reachable: true } }), {
    kind: 'installers',
    electronDist: '/e',
  });
  const unpacked = planDist({ ...base, localDist: '/e' });
  assert.equal(unpacked.kind, 'unpacked');
  assert.equal(planDist({ ...base, cachedZip: '/cache/electron.zip' }).kind, 'unpacked');
  const missing = planDist(base);
  assert.deepEqual(missing, {
    kind: 'missing',
    message:
      'npm run dist needs Electron 45.4.1 for linux-x64, and none is at hand: PWA_HOST_ELECTRON_DIST is not ' +
      'set, electron-v45.4.1-linux-x64.zip is not in the Electron download cache, and http://mirror/x.zip ' +
      'is unreachable (ENOTFOUND). Either run it where that host is reachable, or unpack ' +
      'electron-v45.4.1-linux-x64.zip into a folder and set PWA_HOST_ELECTRON_DIST to that folder.',
  });
});

test('npm run dist with no Electron to be had says what is missing and exits, without building', async (t) => {
  const cache = mkdtempSync(join(tmpdir(), 'pwa-host-electron-cache-'));
  t.after(() => rmSync(cache, { recursive: true, force: true }));
  // A port nothing listens on: the download is refused at once, wherever this test runs.
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  const { PWA_HOST_ELECTRON_DIST: _unset, ...env } = childEnv({
    ELECTRON_CACHE: cache,
    ELECTRON_MIRROR: `http://127.0.0.1:${port}/`,
  });
  const result = spawnSync(process.execPath, [join(root, 'scripts', 'dist.ts')], {
    cwd: root,
    env,
    encoding: 'utf8',
    timeout: 60_000,
  });
  assert.equal(result.status, 1, result.stderr);
  assert.equal(result.stdout, '');
  assert.match(result.stderr, /^npm run dist needs Electron [\d.]+ for \w+-\w+, and none is at hand: /);
  assert.match(result.stderr, /is unreachable \(ECONNREFUSED\)/);
  assert.match(result.stderr, /set PWA_HOST_ELECTRON_DIST to that folder\.\n$/);
});
