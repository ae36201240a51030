/**
 * Two apps on one origin, each with Workbox's own background-sync Queue (bundled from npm) that queues a
 * request while its worker activates during the app's first install: each sync is filed under its own app,
 * fires there with its run recorded there, and survives the other app's uninstall.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { FixtureServer } from '../fixtures/pwa-server.ts';
import { FIXTURE_PORTS, startFixtureServer } from '../fixtures/pwa-server.ts';
import { startServedHost } from '../helpers/chromium-host.ts';
import { serveAppAt } from '../helpers/nested-app.ts';
import { ApiServer, bundleOutboxWorker } from '../helpers/outbox-app.ts';
import { waitFor } from '../helpers/settle.ts';

/** An outbox app at /apps/NAME/ whose worker (its own queue, NAME) queues a POST to `api` while activating. */
async function serveOutboxAt(server: FixtureServer, name: string, api: string): Promise<void> {
  server.override(`/sw-${name}.js`, {
    type: 'text/javascript',
    body: await bundleOutboxWorker(`${api}/${name}`, name),
  });
  serveAppAt(server, name, `/sw-${name}.js`);
}

test('two Workbox outboxes on one origin: each sync fires in its own app, and survives the other’s uninstall', {
  timeout: 180_000,
}, async (t) => {
  const api = new ApiServer(FIXTURE_PORTS.mail);
  t.after(() => api.down());
  const server = await startFixtureServer('news', 'outbox');
  t.after(() => server.close());
  for (const name of ['notes', 'todo']) await serveOutboxAt(server, name, api.origin);
  // The API is down: each first attempt fails, and the syncs stay pending across the uninstall below.
  const { served } = await startServedHost(t, { oneOffRetryDelaysMs: [3000], oneOffMaxAttempts: 20 });
  const { store } = served.host;
  const notes = await served.operations.install({ url: `${server.origin}/apps/notes/` });
  const todo = await served.operations.install({ url: `${server.origin}/apps/todo/` });

  const pendingOf = (appId: string) => store.oneOffSyncs.list(appId).map((sync) => sync.tag);
  assert.deepEqual(pendingOf(notes.id), ['workbox-background-sync:notes']);
  assert.deepEqual(pendingOf(todo.id), ['workbox-background-sync:todo']);
  const failedRunOf = (appId: string, tag: string) =>
    waitFor(`a failed attempt of ${tag}`, () =>
      store.runs.list({ appId, tag }).find((run) => run.outcome === 'failed'),
    );
  await failedRunOf(notes.id, 'workbox-background-sync:notes');
  await failedRunOf(todo.id, 'workbox-background-sync:todo');
  assert.deepEqual(
    store.runs
      .list({ kind: 'one-off' })
      .filter((run) => run.tag.endsWith(':notes') !== (run.appId === notes.id)),
    [],
    'every run is filed under the app whose worker it ran in',
  );

  await served.operations.uninstall({ app: notes.id });
  assert.deepEqual(pendingOf(todo.id), ['workbox-background-sync:todo'], 'Todo’s sync survives');
  assert.deepEqual(
    store.oneOffSyncs.list().map((sync) => sync.tag),
    ['workbox-background-sync:todo'],
  );

  await api.up();
  assert.equal((await api.waitForBody('queued while activating', 60_000)).path, '/todo');
  await waitFor('Todo’s sync to complete', () => store.oneOffSyncs.list().length === 0, 30_000);
  const success = store.runs.list({ appId: todo.id }).find((run) => run.outcome === 'success');
  assert.equal(success?.tag, 'workbox-background-sync:todo');
  assert.equal(
    api.received.filter((entry) => entry.path === '/notes').length,
    0,
    'nothing of the uninstalled app is sent',
  );
});
