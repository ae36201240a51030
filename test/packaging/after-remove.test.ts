import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import {
  chmodSync,
  chownSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { silentLogger } from '../../app/logging/logger.ts';
import { autostartPath, enableAutostart } from '../../app/os/autostart/autostart.ts';
import { execFileRunner } from '../../app/os/command-runner.ts';
import { launcherPath, writeLauncher } from '../../app/os/launchers/launchers.ts';
import { SystemdWakeScheduler } from '../../app/os/wake/systemd/systemd-wake-scheduler.ts';
import type { AppRecord } from '../../app/store/records.ts';
import { loadBuilderConfig } from '../../scripts/packaging/builder-config.ts';
import { fixtureAppRecord } from '../helpers/fixture-app.ts';

const root = join(import.meta.dirname, '..', '..');
const script = join(root, 'build', 'linux', 'after-remove.sh');
// Where the deb and rpm install the app (electron-builder: /opt/<productName>).
const PACKAGED = ['/opt/PWA Host/pwa-host'];
const HEADLESS = ['/usr/local/bin/pwa-host'];

function whyNot(): string | undefined {
  if (process.getuid?.() !== 0)
    return 'needs root to create a Unix user and run the script as a package manager does';
  for (const tool of ['useradd', 'userdel', 'setpriv', 'systemctl', 'getent']) {
    if (spawnSync('sh', ['-c', `command -v ${tool}`]).status !== 0) return `needs ${tool} on PATH`;
  }
  // The script cleans every user's entries that name the app's folder: never run it beside a real install.
  if (existsSync('/opt/PWA Host')) return 'PWA Host is installed in /opt/PWA Host on this machine';
  return undefined;
}
const skip = whyNot();
if (skip) console.error(`SKIPPED (the deb/rpm after-remove script): ${skip}`);

function app(id: string): AppRecord {
  return fixtureAppRecord('http://127.0.0.1', id, {
    id,
    manifestId: `http://127.0.0.1/${id}`,
    startUrl: `http://127.0.0.1/${id}/`,
    scope: `http://127.0.0.1/${id}/`,
    installedAt: 0,
    updatedAt: 0,
  });
}

/** What a host running `command` leaves in the user's session: a wake-up timer, autostart, a launcher. */
async function leaveEntries(
  env: NodeJS.ProcessEnv,
  dataDir: string,
  command: readonly string[],
  appId: string,
) {
  const wake = new SystemdWakeScheduler({
    env,
    dataDir,
    command: [...command, '--data-dir', dataDir, 'serve', '--run-due'],
    logger: silentLogger,
    runner: execFileRunner,
    now: Date.now,
    wakeSystem: false,
  });
  await wake.arm(new Date(Date.now() + 3_600_000));
  const location = { dataDir, env, platform: 'linux' as const };
  enableAutostart({ ...location, hostCommand: command });
  writeLauncher(app(appId), { dataDir, env, hostCommand: command });
  return {
    files: [wake.timerPath, wake.servicePath, autostartPath(location), launcherPath(appId, { dataDir, env })],
    enabledLink: join(wake.unitDir, 'timers.target.wants', `${wake.name}.timer`),
  };
}

test('the script names the folder and command electron-builder.yml gives the app, and no template macros', () => {
  const config = loadBuilderConfig(join(root, 'electron-builder.yml')) as {
    productName: string;
    linux: { executableName: string };
  };
  const text = readFileSync(script, 'utf8');
  assert.deepEqual(PACKAGED, [`/opt/${config.productName}/${config.linux.executableName}`]);
  assert.ok(text.includes(`app_dir='/opt/${config.productName}'`));
  assert.ok(text.includes(`update-alternatives --remove '${config.linux.executableName}' '${PACKAGED[0]}'`));
  // electron-builder replaces every ${letters} in the script and fails on a name it does not know.
  assert.deepEqual(text.match(/\$\{[a-zA-Z]+\}/g), null);
});

test('uninstalling the deb/rpm removes the wake-ups, autostart entries and launchers of the app, and only those', {
  skip: skip ?? false,
}, async (t) => {
  const parent = mkdtempSync(join(tmpdir(), 'pwa-host-after-remove-'));
  chmodSync(parent, 0o755);
  t.after(() => rmSync(parent, { recursive: true, force: true }));
  const home = join(parent, 'home');
  mkdirSync(home);
  const user = `pwahostrm${process.pid}`;
  execFileSync('useradd', ['--no-create-home', '--home-dir', home, '--shell', '/usr/sbin/nologin', user]);
  t.after(() => execFileSync('userdel', [user]));
  const uid = Number(execFileSync('id', ['-u', user], { encoding: 'utf8' }));
  const gid = Number(execFileSync('id', ['-g', user], { encoding: 'utf8' }));

  const env = { HOME: home, PATH: process.env.PATH };
  const packaged = await leaveEntries(env, join(home, '.local', 'share', 'pwa-host'), PACKAGED, 'desktopapp');
  const headless = await leaveEntries(env, join(home, 'headless-data'), HEADLESS, 'headlessapp');
  for (const path of [...packaged.files, packaged.enabledLink, ...headless.files, headless.enabledLink]) {
    assert.ok(existsSync(path), `${path} was written by the host code`);
  }
  execFileSync('chown', ['-R', `${uid}:${gid}`, home]);
  chownSync(home, uid, gid);

  for (const upgrade of ['upgrade', '1']) {
    execFileSync('sh', [script, upgrade]);
    for (const path of packaged.files) assert.ok(existsSync(path), `an upgrade (${upgrade}) keeps ${path}`);
  }

  const removed = execFileSync('sh', [script, 'remove'], { encoding: 'utf8' });
  for (const path of [...packaged.files, packaged.enabledLink]) {
    assert.ok(!existsSync(path), `${path} is gone after uninstalling`);
  }
  for (const path of [...headless.files, headless.enabledLink]) {
    assert.ok(existsSync(path), `${path} (a headless host's, another program) stays`);
  }
  assert.match(removed, /removed the wake-up timer pwa-host-wake-\w{8} for pwahostrm/);
  const owners = readdirSync(join(home, '.config', 'autostart')).map((name) => name);
  assert.equal(owners.length, 1, 'one autostart entry left: the headless host');
});
