import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ManualConnectivity } from '../../app/connectivity/connectivity.ts';
import { createHost } from '../../app/host/create-host.ts';
import { fixtureApp, tempDataDir } from '../helpers/harness.ts';
import { waitFor } from '../helpers/settle.ts';
import { TestEngine } from '../helpers/test-engine.ts';
import { displayOnBus, privateSessionBus, startNotificationServer } from './helpers/notification-bus.ts';

const OPTIONS = {
  body: 'b',
  tag: '',
  icon: '',
  image: '',
  badge: '',
  lang: '',
  dir: 'auto' as const,
  silent: false,
  requireInteraction: false,
  renotify: false,
  timestamp: 1,
  data: null,
  actions: [],
};

// The click comes through `gdbus monitor` and the notification's id through the `gdbus call` that showed
// it: two processes, so a click made at once (a test, a server that acts on a notification at once) can
// reach the host before the id does. It once made "new Notification … its click reaches the page object"
// wait 10 s for a click the host had dropped. The stand-in here makes that order certain.
test('a click that reaches the host before the server has answered Notify still reaches the app', async (t) => {
  const address = await privateSessionBus((stop) => t.after(stop));
  const server = await startNotificationServer(
    (stop) => t.after(stop),
    address,
    ['actions', 'body'],
    'click-before-reply',
  );
  const origin = 'https://news.example';
  const engine = new TestEngine([`${origin}/`]);
  const host = await createHost({
    dataDir: tempDataDir(t),
    engine,
    connectivity: new ManualConnectivity(true),
    notifications: displayOnBus(address),
  });
  t.after(() => host.close());
  host.store.apps.upsert(fixtureApp(origin), Date.now());

  const { id } = host.notifications.show({ origin, scope: `${origin}/` }, 'page', null, 'Hello', OPTIONS);
  await server.nthNotify(1);
  const click = await waitFor('the click to reach the engine', () =>
    engine.notificationEvents.find((event) => event.notification.id === id),
  );
  assert.equal(click.kind, 'notificationclick');
  assert.equal(click.scope, null);
  assert.equal(host.store.notifications.get(id)?.closeReason, 'clicked');
});
