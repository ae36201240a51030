import assert from 'node:assert/strict';
import { test } from 'node:test';
import { PeriodicSyncError } from '../../app/base/errors.ts';
import { fixtureApp, HOUR, MINUTE, makeHarness } from '../helpers/harness.ts';

function domError(name: string) {
  return (error: unknown) =>
    error instanceof PeriodicSyncError && error.domName === name && error.message.length > 0;
}

test('a new tag creates a registration due one effective interval later', async (t) => {
  const { host, app, scope, clock } = await makeHarness(t);
  const registration = host.core.register(app.id, scope, 'get-latest-news', 24 * HOUR);
  assert.equal(registration.tag, 'get-latest-news');
  assert.equal(registration.minIntervalMs, 24 * HOUR);
  assert.equal(registration.nextDueAt, clock.now() + 24 * HOUR);
  assert.deepEqual(host.core.getTags(scope), ['get-latest-news']);
});

test('the interval floor raises short intervals: host default 15 min, per-app override', async (t) => {
  const { host, app, scope, clock } = await makeHarness(t, { settings: { minIntervalFloorMs: 15 * MINUTE } });
  assert.equal(host.core.register(app.id, scope, 'a', 1000).nextDueAt, clock.now() + 15 * MINUTE);
  host.store.apps.setIntervalFloor(app.id, 2 * MINUTE);
  assert.equal(host.core.register(app.id, scope, 'b', 1000).nextDueAt, clock.now() + 2 * MINUTE);
  assert.equal(host.core.register(app.id, scope, 'c', 5 * MINUTE).nextDueAt, clock.now() + 5 * MINUTE);
});

test('registering an existing tag with the same interval changes nothing; a new interval updates it', async (t) => {
  const { host, app, scope, clock } = await makeHarness(t, { settings: { minIntervalFloorMs: 0 } });
  const first = host.core.register(app.id, scope, 'news', HOUR);
  await clock.advance(10 * MINUTE);
  const same = host.core.register(app.id, scope, 'news', HOUR);
  assert.deepEqual(same, first);
  const updated = host.core.register(app.id, scope, 'news', 2 * HOUR);
  assert.equal(updated.id, first.id);
  assert.equal(updated.minIntervalMs, 2 * HOUR);
  assert.equal(updated.nextDueAt, first.createdAt + 2 * HOUR);
  assert.deepEqual(host.core.getTags(scope), ['news']);
});

test('unregister removes a tag, and removing an unknown tag is not an error', async (t) => {
  const { host, app, scope } = await makeHarness(t);
  host.core.register(app.id, scope, 'one', HOUR);
  host.core.register(app.id, scope, 'two', HOUR);
  assert.equal(host.core.unregister(scope, 'one'), true);
  assert.equal(host.core.unregister(scope, 'never-registered'), false);
  assert.deepEqual(host.core.getTags(scope), ['two']);
});

test('getTags lists tags in registration order, per scope', async (t) => {
  const { host, app, scope } = await makeHarness(t);
  const other = `${app.origin}/other/`;
  for (const tag of ['c', 'a', 'b']) host.core.register(app.id, scope, tag, HOUR);
  host.core.register(app.id, other, 'x', HOUR);
  assert.deepEqual(host.core.getTags(scope), ['c', 'a', 'b']);
  assert.deepEqual(host.core.getTags(other), ['x']);
});

test('a tag of 10240 characters is accepted, one more is InvalidAccessError', async (t) => {
  const { host, app, scope } = await makeHarness(t);
  host.core.register(app.id, scope, 'x'.repeat(10240), HOUR);
  assert.throws(
    () => host.core.register(app.id, scope, 'y'.repeat(10241), HOUR),
    domError('InvalidAccessError'),
  );
  assert.equal(host.core.getTags(scope).length, 1);
});

test('minInterval edge values: EnforceRange TypeErrors register nothing', async (t) => {
  const { host, app, scope } = await makeHarness(t);
  for (const bad of [-1, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 2 ** 53]) {
    assert.throws(() => host.core.register(app.id, scope, `t${bad}`, bad), domError('TypeError'));
  }
  assert.deepEqual(host.core.getTags(scope), []);
  assert.equal(
    host.core.register(app.id, scope, 'max', Number.MAX_SAFE_INTEGER).minIntervalMs,
    Number.MAX_SAFE_INTEGER,
  );
  assert.equal(host.core.register(app.id, scope, 'absent', undefined).minIntervalMs, 0);
});

test('the per-origin cap refuses new tags with QuotaExceededError but still updates existing ones', async (t) => {
  const { host, app, scope } = await makeHarness(t, { settings: { maxTagsPerOrigin: 3 } });
  for (const tag of ['a', 'b', 'c']) host.core.register(app.id, scope, tag, HOUR);
  assert.throws(
    () => host.core.register(app.id, scope, 'd', HOUR),
    (error: unknown) =>
      domError('QuotaExceededError')(error) && /at most|most one origin/.test((error as Error).message),
  );
  assert.equal(host.core.register(app.id, scope, 'a', 2 * HOUR).minIntervalMs, 2 * HOUR);
  assert.deepEqual(host.core.getTags(scope), ['a', 'b', 'c']);
});

test('an app that is not installed gets NotAllowedError; a scope on another origin too', async (t) => {
  const { host, app, scope } = await makeHarness(t);
  assert.throws(() => host.core.register('not-installed', scope, 'x', HOUR), domError('NotAllowedError'));
  assert.throws(
    () => host.core.register(app.id, 'https://evil.example/', 'x', HOUR),
    domError('NotAllowedError'),
  );
});

test('through the engine: callers are resolved to their app by origin; other origins cannot see or remove tags', async (t) => {
  const { host, engine, scope, clock } = await makeHarness(t);
  const other = host.store.apps.upsert(fixtureApp('https://mail.example', 'Mail'), clock.now());
  const engineHost = engine.host;
  assert.ok(engineHost);
  const news = { origin: 'https://news.example', scope };
  const mail = { origin: other.origin, scope: `${other.origin}/` };
  engineHost.register(news, 'news-tag', HOUR);
  engineHost.register(mail, 'mail-tag', HOUR);
  assert.deepEqual(engineHost.getTags(news), ['news-tag']);
  assert.deepEqual(engineHost.getTags(mail), ['mail-tag']);
  assert.throws(
    () => engineHost.unregister({ origin: mail.origin, scope }, 'news-tag'),
    domError('NotAllowedError'),
  );
  assert.throws(() => engineHost.getTags({ origin: mail.origin, scope }), domError('NotAllowedError'));
  assert.deepEqual(engineHost.getTags(news), ['news-tag']);
  assert.equal(engineHost.isPermissionGranted(news), true);
  assert.equal(
    engineHost.isPermissionGranted({
      origin: 'https://stranger.example',
      scope: 'https://stranger.example/',
    }),
    false,
  );
  assert.throws(
    () =>
      engineHost.register(
        { origin: 'https://stranger.example', scope: 'https://stranger.example/' },
        't',
        HOUR,
      ),
    domError('NotAllowedError'),
  );
});

test('a floor of 0 needs developer mode', async (t) => {
  const { createHost } = await import('../../app/host/create-host.ts');
  const { TestEngine } = await import('../helpers/test-engine.ts');
  const { tempDataDir } = await import('../helpers/harness.ts');
  await assert.rejects(
    createHost({ dataDir: tempDataDir(t), engine: new TestEngine(), settings: { minIntervalFloorMs: 0 } }),
    /developer mode/,
  );
});
