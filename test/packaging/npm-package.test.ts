import assert from 'node:assert/strict';
import { execFile, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { promisify } from 'node:util';
import { Store } from '../../app/store/store.ts';
import { runProcess } from '../cli/helpers/run-cli.ts';
import { startFixtureServer } from '../fixtures/pwa-server.ts';
import { packAndInstall } from './helpers/npm-package.ts';

const root = join(import.meta.dirname, '..', '..');
const run = promisify(execFile);
const version = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }).version;

test('npm pack gives a package that installs globally and runs a periodic sync on Node 24', {
  timeout: 180_000,
}, async (t) => {
  const started = Date.now();
  const work = mkdtempSync(join(tmpdir(), 'pwa-host-npm-'));
  t.after(() => rmSync(work, { recursive: true, force: true }));

  // A used checkout: `npm run build` has also left the desktop bundle in dist/main, which the npm package
  // (the headless host) must not carry.
  await run(process.execPath, [join(root, 'scripts', 'build-desktop.ts')], { cwd: root });
  // prepack builds dist/headless; the tarball holds the built JavaScript, not the TypeScript sources.
  const { files, prefix, pwaHost, env } = await packAndInstall(work);
  assert.ok(files.includes('dist/headless/pwa-host.js') && files.includes('dist/headless/cli.js'));
  // The management UI `pwa-host ui` opens, built (prepack runs build:ui too).
  assert.ok(
    ['index.html', 'ui.js', 'ui.css', 'host-bridge.js'].every((name) =>
      files.includes(`dist/renderer/${name}`),
    ),
  );
  assert.deepEqual(
    files.filter(
      (file) =>
        !file.startsWith('dist/headless/') &&
        !file.startsWith('dist/renderer/') &&
        !['package.json', 'README.md', 'LICENSE'].includes(file),
    ),
    [],
    'nothing but the built host and UI, package.json, the README and the licence',
  );

  const versionRun = await runProcess(pwaHost, ['--version'], env);
  assert.equal(versionRun.stdout, `${version}\n`, versionRun.stderr);

  // On a Node older than 24 the command says what it needs instead of failing somewhere inside.
  const olderNode = spawnSync('/usr/bin/node', ['-p', 'process.versions.node'], { encoding: 'utf8' });
  const olderMajor = Number(olderNode.stdout?.split('.')[0]);
  if (olderNode.status === 0 && olderMajor < 24) {
    const old = await runProcess(pwaHost, ['--version'], { PATH: '/usr/bin:/bin' });
    assert.equal(old.exitCode, 1);
    assert.match(old.stderr, /^pwa-host needs Node\.js 24 or newer, but \/usr\/bin\/node is Node\.js \d+/);
  } else {
    t.diagnostic('no Node older than 24 at /usr/bin/node: the version check was not run');
  }

  const news = await startFixtureServer('news');
  t.after(() => news.close());
  const dataDir = join(work, 'data');
  const cli = (...args: string[]) => runProcess(pwaHost, ['--data-dir', dataDir, ...args], env);
  const install = await cli('install', `${news.origin}/`);
  assert.equal(install.exitCode, 0, install.stderr);
  const store = Store.open(dataDir);
  const registration = store.registrations.get(`${news.origin}/`, 'get-latest-news');
  assert.ok(registration, 'the app registered its periodic sync while installing');
  store.registrations.setNextDue(registration.id, Date.now() - 86_400_000);
  store.close();

  const runDue = await cli('--json', 'serve', '--run-due');
  assert.equal(runDue.exitCode, 0, runDue.stderr);
  const runs = JSON.parse(runDue.stdout) as { tag: string; outcome: string }[];
  assert.deepEqual(
    runs.map((entry) => [entry.tag, entry.outcome]),
    [['get-latest-news', 'success']],
  );

  // The wake-up it leaves runs the installed package on this Node, not a checkout's bin/pwa-host.
  const units = join(process.env.XDG_CONFIG_HOME ?? '', 'systemd', 'user');
  const service = readdirSync(units).find(
    (file) => file.startsWith('pwa-host-wake-') && file.endsWith('.service'),
  );
  assert.ok(service);
  const execStart = readFileSync(join(units, service), 'utf8').match(/^ExecStart=(.*)$/m)?.[1] ?? '';
  assert.ok(
    execStart.startsWith(
      `"${process.execPath}" "${realpathSync(prefix)}/lib/node_modules/pwa-host/dist/headless/pwa-host.js"`,
    ),
    execStart,
  );
  t.diagnostic(`pack, install and one periodic sync took ${Date.now() - started} ms`);
});
