import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { HostStatus, NotificationSummary, RunSummary } from '../../app/host/host-operations.ts';
import { execFileRunner } from '../../app/os/command-runner.ts';
import { askNotificationService } from '../../app/os/notifications/freedesktop-service.ts';
import { childEnv } from '../cli/helpers/run-cli.ts';
import { privateSessionBus, startNotificationServer } from './helpers/notification-bus.ts';
import { serveNotifyingApp } from './helpers/serve-notifying-app.ts';

/** No session bus at all, as over SSH, in a container or on a server: nothing to autolaunch one either. */
const NO_BUS = { DBUS_SESSION_BUS_ADDRESS: undefined, DISPLAY: undefined };

test('the notification service is asked, and its absence named: no session bus, a bus with no service, a service', async (t) => {
  const noBus = await askNotificationService(execFileRunner, childEnv(NO_BUS));
  assert.equal(noBus.available, false);
  assert.match(
    noBus.available ? '' : noBus.reason,
    /no D-Bus session bus \(DBUS_SESSION_BUS_ADDRESS is not set\)/,
  );

  const address = await privateSessionBus((stop) => t.after(stop));
  const onBus = childEnv({ DBUS_SESSION_BUS_ADDRESS: address });
  const noService = await askNotificationService(execFileRunner, onBus);
  assert.equal(noService.available, false);
  assert.match(
    noService.available ? '' : noService.reason,
    /no notification service runs on the session bus/,
  );

  await startNotificationServer((stop) => t.after(stop), address);
  assert.deepEqual(await askNotificationService(execFileRunner, onBus), { available: true });
});

test('`serve` with no session bus: status says notifications cannot be shown and why; the list says "not shown: no notification service"', async (t) => {
  const { cli } = await serveNotifyingApp(t, NO_BUS);
  const ran = await cli('--json', 'run', 'Fixture', 'notify');
  assert.equal(ran.exitCode, 0, ran.stderr);
  const run = JSON.parse(ran.stdout) as RunSummary;
  assert.deepEqual(
    run.notifications.map(({ title, shown }) => ({ title, shown })),
    [{ title: 'Fixture headline', shown: false }],
  );

  const status = JSON.parse((await cli('--json', 'status')).stdout) as HostStatus;
  assert.equal(status.notifications?.available, false);
  assert.match(status.notifications?.reason ?? '', /no D-Bus session bus/);
  assert.match(
    (await cli('status')).stdout,
    /notifications\s+cannot be shown: there is no D-Bus session bus \(DBUS_SESSION_BUS_ADDRESS is not set\)/,
  );

  const [listed] = JSON.parse((await cli('--json', 'notifications')).stdout) as NotificationSummary[];
  assert.equal(listed?.shown, false);
  assert.equal(listed?.notShownReason, 'no-service');
  assert.match(
    (await cli('notifications')).stdout,
    /Fixture headline\s+Something happened\s+not shown: no notification service/,
  );
});
