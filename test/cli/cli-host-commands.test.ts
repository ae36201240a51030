import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { controlSocketPath } from '../../app/control/control-socket.ts';
import type { ConfigEntry, HostStatus } from '../../app/host/host-operations.ts';
import { dataDirHash } from '../../app/os/data-dir-name.ts';
import { Store } from '../../app/store/store.ts';
import { startFixtureServer } from '../fixtures/pwa-server.ts';
import { fixtureApp, tempDataDir } from '../helpers/harness.ts';
import { BIN, childEnv, runProcess, stopProcess } from './helpers/run-cli.ts';
import { waitForSocket } from './helpers/wait-for-socket.ts';

const desktop = process.env.PWA_HOST_TEST_DESKTOP as string;

test('with no host running: config get/set, autostart, pause/resume and status act on the data dir', async (t) => {
  const dataDir = tempDataDir(t);
  const cli = (...args: string[]) => runProcess(BIN, ['--data-dir', dataDir, ...args]);
  const store = Store.open(dataDir);
  store.apps.upsert(fixtureApp('https://news.example', 'News', 'newsapp'), Date.now());
  store.close();

  const config = JSON.parse((await cli('--json', 'config')).stdout) as ConfigEntry[];
  assert.deepEqual(
    config.map((entry) => [entry.key, entry.value]),
    [
      ['interval-floor', '15m'],
      ['time-limit', '3m'],
      ['attempts', '3'],
      ['retry-delays', '5m,15m'],
      ['one-off-attempts', '3'],
      ['one-off-retry-delays', '5m,15m'],
      ['concurrency', '3'],
      ['runs-kept', '100'],
      ['max-tags', '100'],
      ['browser-idle', '5m'],
      ['autostart', 'off'],
      ['wake-when-quit', 'on'],
      ['failure-alert-after', '3'],
    ],
  );
  assert.deepEqual(await cli('config', 'set', 'interval-floor', '1h'), {
    exitCode: 0,
    stdout: 'interval-floor = 1h\n',
    stderr: '',
  });
  assert.equal((await cli('config', 'get', 'interval-floor')).stdout, '1h\n');
  const zero = await cli('config', 'set', 'interval-floor', '0');
  assert.equal(zero.exitCode, 1);
  assert.match(zero.stderr, /developer mode/);
  const bad = await cli('config', 'set', 'concurrency', 'lots');
  assert.equal(bad.exitCode, 1);
  assert.match(bad.stderr, /"lots" is not a whole number/);
  assert.equal(
    (await cli('config', 'get', 'interval-floor')).stdout,
    '1h\n',
    'a refused value changes nothing',
  );

  // Not the default data dir: its entry is named after the data dir.
  const autostartFile = join(desktop, 'config', 'autostart', `pwa-host-${dataDirHash(dataDir)}.desktop`);
  assert.equal((await cli('config', 'set', 'autostart', 'on')).exitCode, 0);
  assert.match(readFileSync(autostartFile, 'utf8'), /^Exec=.*pwa-host --data-dir .* serve$/m);
  assert.equal((await cli('config', 'set', 'autostart', 'off')).exitCode, 0);
  assert.equal(existsSync(autostartFile), false);

  assert.equal((await cli('pause', 'New')).stdout, 'News (newsapp) is paused.\n');
  assert.equal((JSON.parse((await cli('--json', 'list')).stdout) as { paused: boolean }[])[0]?.paused, true);
  assert.equal((await cli('resume', 'newsapp')).stdout, 'News (newsapp) is firing again.\n');
  assert.equal(
    (await cli('mute', 'New')).stdout,
    'News (newsapp): notifications muted (recorded, not shown).\n',
  );
  assert.equal(
    (JSON.parse((await cli('--json', 'list')).stdout) as { notificationsMuted: boolean }[])[0]
      ?.notificationsMuted,
    true,
  );
  assert.match((await cli('list')).stdout, /MUTED\s+BADGE\nnewsapp\s+News\s+\S+\s+no\s+yes\s+-\n/);
  assert.equal((await cli('unmute', 'newsapp')).stdout, 'News (newsapp): notifications shown.\n');
  assert.equal((await cli('notifications')).stdout, 'No notifications recorded.\n');
  assert.deepEqual(JSON.parse((await cli('--json', 'alerts')).stdout), []);
  const missing = await cli('pause', 'Weather');
  assert.equal(missing.exitCode, 1);
  assert.match(missing.stderr, /No installed app has the id or a name starting with "Weather"/);

  const status = JSON.parse((await cli('--json', 'status')).stdout) as HostStatus;
  assert.equal(status.running, false);
  assert.equal(status.pid, null);
  assert.equal(typeof status.online, 'boolean');
  assert.equal(status.nextDueAt, null);
  assert.match((await cli('status')).stdout, /host\s+not running/);
});

test('serve --run-due fires what is overdue, exits, and leaves a wake-up for the next due time', {
  timeout: 120_000,
}, async (t) => {
  const news = await startFixtureServer('news');
  t.after(() => news.close());
  const dataDir = tempDataDir(t);
  const cli = (...args: string[]) => runProcess(BIN, ['--data-dir', dataDir, ...args]);
  const install = await cli('--json', 'install', `${news.origin}/`);
  assert.equal(install.exitCode, 0, install.stderr);
  // The daily registration the app made at install time is made overdue, as if the machine had been off.
  const store = Store.open(dataDir);
  const registration = store.registrations.get(`${news.origin}/`, 'get-latest-news');
  assert.ok(registration);
  store.registrations.setNextDue(registration.id, Date.now() - 2 * 86_400_000);
  store.close();

  const runDue = await cli('--json', 'serve', '--run-due');
  assert.equal(runDue.exitCode, 0, runDue.stderr);
  const runs = JSON.parse(runDue.stdout) as { tag: string; outcome: string; trigger: string }[];
  assert.deepEqual(
    runs.map((run) => [run.tag, run.outcome, run.trigger]),
    [['get-latest-news', 'success', 'catch-up']],
  );
  assert.ok(
    news.requests.some((request) => request.path === '/news.json'),
    'the worker fetched the news',
  );

  const units = join(desktop, 'config', 'systemd', 'user');
  const timer = readdirSync(units).find(
    (file) => file.startsWith('pwa-host-wake-') && file.endsWith('.timer'),
  );
  assert.ok(timer, 'a systemd user timer is left for the next due time');
  const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
  assert.match(readFileSync(join(units, timer), 'utf8'), new RegExp(`OnCalendar=${tomorrow}`));
  const service = readFileSync(join(units, timer.replace(/\.timer$/, '.service')), 'utf8');
  assert.match(service, /^ExecStart=".*\/bin\/pwa-host" "--data-dir" ".+" "serve" "--run-due"$/m);

  // A host that starts takes the wake-up away: it fires things itself.
  const serve = spawn(BIN, ['--data-dir', dataDir, 'serve'], { env: childEnv(), stdio: 'ignore' });
  t.after(() => stopProcess(serve));
  await waitForSocket(controlSocketPath(dataDir));
  assert.equal(existsSync(join(units, timer)), false);
  const status = JSON.parse((await cli('--json', 'status')).stdout) as HostStatus;
  assert.equal(status.running, true);
  assert.equal(status.pid, serve.pid);
  assert.equal(status.engine, 'chromium');
  assert.equal(status.nextDue?.tag, 'get-latest-news');
  assert.equal((await cli('pause', 'Fixture')).exitCode, 0);
  assert.equal(
    (JSON.parse((await cli('--json', 'status')).stdout) as HostStatus).nextDue,
    null,
    'a paused app is not due',
  );
  assert.equal((await cli('resume', 'Fixture')).exitCode, 0);
  const syncs = JSON.parse((await cli('--json', 'syncs', 'Fixture')).stdout) as {
    tag: string;
    effectiveIntervalMs: number;
  }[];
  assert.deepEqual(
    syncs.map((sync) => [sync.tag, sync.effectiveIntervalMs]),
    [['get-latest-news', 86_400_000]],
  );
  const manual = await cli('--json', 'run', 'Fixture', 'get-latest-news');
  assert.equal(manual.exitCode, 0, manual.stderr);
  assert.equal((JSON.parse(manual.stdout) as { trigger: string }).trigger, 'manual');
  const history = JSON.parse((await cli('--json', 'runs', '--tag', 'get-latest-news')).stdout) as {
    trigger: string;
  }[];
  assert.deepEqual(
    history.map((run) => run.trigger),
    ['manual', 'catch-up'],
  );
  assert.equal((await cli('config', 'set', 'concurrency', '2')).exitCode, 0);
  assert.equal((await cli('config', 'get', 'concurrency')).stdout, '2\n', 'the serving host applied it');
  serve.kill('SIGTERM');
  await once(serve, 'exit');
  assert.ok(existsSync(join(units, timer)), 'stopping leaves the wake-up again');
  const after = JSON.parse((await cli('--json', 'status')).stdout) as HostStatus;
  assert.equal(after.running, false);
  assert.match(after.wakeUp ?? '', /systemd user timer .* armed by an earlier host run/);
  assert.equal((await cli('config', 'set', 'wake-when-quit', 'off')).exitCode, 0);
  assert.equal(existsSync(join(units, timer)), false, 'turning wake-when-quit off removes it');
});
