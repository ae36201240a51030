import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fixtureApp, HOUR, makeHarness } from '../helpers/harness.ts';
import { testEngineHostOperations } from '../helpers/host-operations.ts';

test('syncs with a name prefix two apps share lists both; a fuller prefix, one; none, a clear error', async (t) => {
  const { host, app, scope, clock } = await makeHarness(t);
  const letter = host.store.apps.upsert(fixtureApp('https://letter.example', 'Newsletter'), clock.now());
  host.core.register(app.id, scope, 'headlines', HOUR);
  host.core.register(letter.id, `${letter.origin}/`, 'weekly', HOUR);
  const operations = testEngineHostOperations(host);
  t.after(() => operations.close());

  const tags = (app: string) =>
    operations
      .syncs({ app })
      .map((sync) => `${sync.appName}: ${sync.tag}`)
      .sort();
  assert.deepEqual(tags('new'), ['News: headlines', 'Newsletter: weekly']);
  assert.deepEqual(tags('Newsl'), ['Newsletter: weekly']);
  assert.deepEqual(tags(app.id), ['News: headlines']);
  assert.throws(() => operations.syncs({ app: 'Mail' }), { code: 'app-not-found' });
  // Changing something still needs one app: the same prefix is ambiguous for `pause`.
  assert.throws(() => operations.pause({ app: 'new' }), { code: 'app-ambiguous' });
});
