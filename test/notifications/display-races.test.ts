import assert from 'node:assert/strict';
import { type TestContext, test } from 'node:test';
import { ManualConnectivity } from '../../app/connectivity/connectivity.ts';
import { createHost } from '../../app/host/create-host.ts';
import { fixtureApp, tempDataDir } from '../helpers/harness.ts';
import { notificationOptions } from '../helpers/notification-options.ts';
import { waitFor } from '../helpers/settle.ts';
import { TestEngine } from '../helpers/test-engine.ts';
import { displayOnBus, privateSessionBus, startNotificationServer } from './helpers/notification-bus.ts';

const OPTIONS = notificationOptions({ body: 'b' });

const origin = 'https://news.example';
const caller = { origin, scope: `${origin}/` };

/** A host on the test engine whose notifications go to the stand-in server, in `mode`, on a private bus. */
async function hostOnBus(t: TestContext, mode: 'slow-reply' | 'click-before-reply') {
  const address = await privateSessionBus((stop) => t.after(stop));
  const server = await startNotificationServer((stop) => t.after(stop), address, ['actions', 'body'], mode);
  const engine = new TestEngine([`${origin}/`]);
  const host = await createHost({
    dataDir: tempDataDir(t),
    engine,
    connectivity: new ManualConnectivity(true),
    notifications: displayOnBus(address),
  });
  t.after(() => host.close());
  host.store.apps.upsert(fixtureApp(origin), Date.now());
  return { server, engine, host };
}

// The click comes through `gdbus monitor` and the notification's id through the `gdbus call` that showed
// it: two processes, so a click made at once (a test, a server that acts on a notification at once) can
// reach the host before the id does. It once made "new Notification … its click reaches the page object"
// wait 10 s for a click the host had dropped. The stand-in here makes that order certain.
test('a click that reaches the host before the server has answered Notify still reaches the app', async (t) => {
  const { server, engine, host } = await hostOnBus(t, 'click-before-reply');

  const { id } = host.notifications.show(caller, 'page', null, 'Hello', OPTIONS);
  await server.nthNotify(1);
  const click = await waitFor('the click to reach the engine', () =>
    engine.notificationEvents.find((event) => event.notification.id === id),
  );
  assert.equal(click.kind, 'notificationclick');
  assert.equal(click.scope, null);
  assert.equal(host.store.notifications.get(id)?.closeReason, 'clicked');
});

// A notification replaced by tag while the server had not yet answered for it was taken off the screen
// when the answer came (as if the app had closed it), and its replacement then showed as a new one.
test('a notification replaced while the server is answering for it is replaced in place, not closed', async (t) => {
  const { server, host } = await hostOnBus(t, 'slow-reply');
  const news = { ...OPTIONS, tag: 'news' };
  host.notifications.show(caller, 'worker', `${origin}/`, 'First', news);
  const first = await server.nthNotify(1);
  host.notifications.show(caller, 'worker', `${origin}/`, 'Second', news);
  const second = await server.nthNotify(2);
  assert.equal(second.summary, 'Second');
  assert.equal(second.replaces_id, first.id, 'the server replaces the first in place');
  await host.notifications.settle();
  assert.deepEqual(server.closes(), [], 'the first was not closed on its own');
});
