import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { test } from 'node:test';
import { BIN, runProcess } from '../cli/helpers/run-cli.ts';
import { startFixtureServer } from '../fixtures/pwa-server.ts';
import { tempDataDir } from '../helpers/harness.ts';
import { desktopEntryTools } from '../os/helpers/desktop-entry-tools.ts';

const { desktopFileValidate } = desktopEntryTools('pwa-host-collision-');
// isolated-desktop.ts points XDG_DATA_HOME and XDG_CONFIG_HOME of every host under test at a temp tree.
const applications = join(process.env.XDG_DATA_HOME as string, 'applications');
const autostart = join(process.env.XDG_CONFIG_HOME as string, 'autostart');

function entriesFor(folder: string, appId: string): string[] {
  if (!existsSync(folder)) return [];
  return readdirSync(folder).filter((name) => name.includes(appId));
}

function keyOf(text: string, key: string): string | undefined {
  return text
    .split('\n')
    .find((line) => line.startsWith(`${key}=`))
    ?.slice(key.length + 1);
}

test('two data dirs installing the same app each keep their own launcher; uninstalling in one leaves the other valid', {
  timeout: 200_000,
}, async (t) => {
  const fixture = await startFixtureServer('news');
  t.after(() => fixture.close());
  const first = tempDataDir(t);
  const second = tempDataDir(t);
  const cli = (dataDir: string, ...args: string[]) => runProcess(BIN, ['--data-dir', dataDir, ...args]);

  const installed: { id: string }[] = [];
  for (const dataDir of [first, second]) {
    const install = await cli(dataDir, '--json', 'install', `${fixture.origin}/?no-register`);
    assert.equal(install.exitCode, 0, install.stderr);
    installed.push(JSON.parse(install.stdout) as { id: string });
  }
  const appId = installed[0]?.id as string;
  assert.equal(installed[1]?.id, appId, 'the same app gets the same id in both data dirs');
  t.after(async () => {
    await cli(second, 'uninstall', appId);
  });

  const launchers = entriesFor(applications, appId);
  assert.equal(launchers.length, 2, `one launcher per data dir, found ${launchers.join(', ')}`);

  assert.equal((await cli(first, 'uninstall', appId)).exitCode, 0);
  const left = entriesFor(applications, appId);
  assert.equal(left.length, 1, `the other data dir's launcher remains, found ${left.join(', ')}`);
  const path = join(applications, left[0] as string);
  assert.deepEqual(desktopFileValidate(path), { status: 0, output: '' });
  const text = readFileSync(path, 'utf8');
  assert.ok(keyOf(text, 'Exec')?.includes(second), `it opens the second data dir:\n${text}`);
  assert.ok(keyOf(text, 'Exec')?.endsWith(`--app-id=${appId}`));
  assert.equal(
    keyOf(text, 'StartupWMClass'),
    basename(path, '.desktop'),
    'the window class names the launcher',
  );
});

test('autostart in one data dir is not switched off by another data dir', async (t) => {
  const first = tempDataDir(t);
  const second = tempDataDir(t);
  const cli = (dataDir: string, ...args: string[]) => runProcess(BIN, ['--data-dir', dataDir, ...args]);
  const startsAtLogin = (dataDir: string) =>
    existsSync(autostart) &&
    readdirSync(autostart).some((name) =>
      keyOf(readFileSync(join(autostart, name), 'utf8'), 'Exec')?.includes(`${dataDir} serve`),
    );

  assert.equal((await cli(first, 'config', 'set', 'autostart', 'on')).exitCode, 0);
  t.after(() => cli(first, 'config', 'set', 'autostart', 'off'));
  assert.equal((await cli(second, 'config', 'set', 'autostart', 'on')).exitCode, 0);
  assert.ok(startsAtLogin(first) && startsAtLogin(second), 'both data dirs start at login');
  assert.equal((await cli(second, 'config', 'set', 'autostart', 'off')).exitCode, 0);
  assert.ok(startsAtLogin(first), "switching the second data dir's autostart off leaves the first one's");
  assert.equal(startsAtLogin(second), false);
  for (const name of readdirSync(autostart)) {
    assert.deepEqual(desktopFileValidate(join(autostart, name)), { status: 0, output: '' });
  }
});
