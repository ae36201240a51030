import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { NotificationSummary, RunSummary } from '../../app/host/host-operations.ts';
import { Store } from '../../app/store/store.ts';
import { stopProcess } from '../cli/helpers/run-cli.ts';
import { waitFor } from '../helpers/settle.ts';
import { privateSessionBus, startNotificationServer } from './helpers/notification-bus.ts';
import { serveNotifyingApp } from './helpers/serve-notifying-app.ts';

test('`pwa-host serve` on the session bus: an installed app notifies from its worker; mute and notifications over the CLI', async (t) => {
  const address = await privateSessionBus((stop) => t.after(stop));
  const server = await startNotificationServer((stop) => t.after(stop), address);
  const { dataDir, serve, cli } = await serveNotifyingApp(t, { DBUS_SESSION_BUS_ADDRESS: address });
  const ran = await cli('--json', 'run', 'Fixture', 'notify');
  assert.equal(ran.exitCode, 0, ran.stderr);
  const run = JSON.parse(ran.stdout) as RunSummary;
  assert.deepEqual(
    run.notifications.map(({ title, shown }) => ({ title, shown })),
    [{ title: 'Fixture headline', shown: true }],
  );
  const call = await waitFor('the Notify call', () =>
    server.notifies().find((candidate) => candidate.summary === 'Fixture headline'),
  );
  assert.equal(call.app_name, 'Fixture News');

  assert.equal((await cli('mute', 'Fixture')).exitCode, 0);
  const shownBefore = server.notifies().length;
  assert.equal((await cli('run', 'Fixture', 'notify')).exitCode, 0);
  const listed = JSON.parse(
    (await cli('--json', 'notifications', 'Fixture')).stdout,
  ) as NotificationSummary[];
  assert.deepEqual(
    listed.slice(0, 2).map(({ title, shown, appName }) => ({ title, shown, appName })),
    [
      { title: 'Fixture headline', shown: false, appName: 'Fixture News' },
      { title: 'Fixture headline', shown: true, appName: 'Fixture News' },
    ],
  );
  assert.match(
    (await cli('notifications')).stdout,
    /Fixture News\s+news\s+Fixture headline\s+Something happened\s+no/,
  );
  assert.match((await cli('list')).stdout, /MUTED\s+BADGE\n\S+\s+Fixture News\s+\S+\s+no\s+yes\s+-\n/);
  assert.equal(server.notifies().length, shownBefore, 'a muted app shows nothing');

  // What an OS wake-up runs (`serve --run-due`): it fires what is due and exits, its notification shown first.
  await stopProcess(serve);
  assert.equal((await cli('unmute', 'Fixture')).exitCode, 0);
  const store = Store.open(dataDir);
  try {
    const [registration] = store.registrations.list().filter((candidate) => candidate.tag === 'notify');
    assert.ok(registration);
    store.registrations.setNextDue(registration.id, Date.now() - 1000);
  } finally {
    store.close();
  }
  const wake = await cli('serve', '--run-due');
  assert.equal(wake.exitCode, 0, wake.stderr);
  await waitFor("the wake-up run's notification", () => server.notifies().length === shownBefore + 1, 3000);
});
