import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type EngineFacts, ShimEndpoint, type ShimSender } from '../../app/engine/shim-endpoint.ts';
import { hostMessageSchema, parseShimMessage, type ShimCall } from '../../app/engine/shim-messages.ts';
import { silentLogger } from '../../app/logging/logger.ts';
import { notificationOptions } from '../helpers/notification-options.ts';
import { RecordingEngineHost } from './engine-contract.ts';

/** The endpoint every engine calls, on its own: what an Electron engine gets without any Chromium. */
const origin = 'https://app.example';
const page: ShimSender = { kind: 'page', frameOrigin: origin, frameUrl: `${origin}/` };
const register = (tag = 'news'): ShimCall => ({
  type: 'call',
  id: 1,
  method: 'register',
  params: { scope: `${origin}/`, tag, minInterval: 0 },
});
const facts = (activeWorker: boolean, windowClient: boolean): EngineFacts => ({
  hasActiveWorker: () => activeWorker,
  hasWindowClient: () => windowClient,
});
const refusal = (reply: ReturnType<ShimEndpoint['answer']>) => (reply.ok ? 'ok' : reply.error.name);

test("Chromium's check order: active worker, then window client, then permission", () => {
  const granted = new ShimEndpoint(new RecordingEngineHost([origin]), silentLogger);
  const denied = new ShimEndpoint(new RecordingEngineHost([]), silentLogger);
  assert.equal(refusal(denied.answer(page, register(), facts(false, false))), 'InvalidStateError');
  assert.equal(refusal(denied.answer(page, register(), facts(true, false))), 'InvalidAccessError');
  assert.equal(refusal(denied.answer(page, register(), facts(true, true))), 'NotAllowedError');
  assert.equal(refusal(granted.answer(page, register(), facts(true, true))), 'ok');
});

test('a worker registering from its install handler needs no active worker, but a window client', () => {
  const endpoint = new ShimEndpoint(new RecordingEngineHost([origin]), silentLogger);
  const worker: ShimSender = { kind: 'worker', origin, registrationScope: `${origin}/` };
  assert.equal(refusal(endpoint.answer(worker, register(), facts(false, true))), 'ok');
  assert.equal(refusal(endpoint.answer(worker, register(), facts(false, false))), 'InvalidAccessError');
  const orphan: ShimSender = { kind: 'worker', origin, registrationScope: undefined };
  assert.equal(refusal(endpoint.answer(orphan, register(), facts(true, true))), 'InvalidStateError');
});

test('the caller is what the engine saw: a claimed scope of another origin, or an opaque frame, is refused', () => {
  const host = new RecordingEngineHost([origin, 'https://other.example']);
  const endpoint = new ShimEndpoint(host, silentLogger);
  const forged: ShimCall = {
    type: 'call',
    id: 2,
    method: 'register',
    params: { scope: 'https://other.example/', tag: 'x', minInterval: 0 },
  };
  assert.equal(refusal(endpoint.answer(page, forged, facts(true, true))), 'NotAllowedError');
  const opaque: ShimSender = { kind: 'page', frameOrigin: 'null', frameUrl: 'about:blank' };
  assert.equal(refusal(endpoint.answer(opaque, register(), facts(true, true))), 'NotAllowedError');
  assert.deepEqual(host.registered, []);
  endpoint.answer(page, register('mine'), facts(true, true));
  assert.deepEqual(host.registered, [
    { caller: { origin, scope: `${origin}/` }, tag: 'mine', minInterval: 0 },
  ]);
});

test('messages in both directions are checked by one schema each', () => {
  assert.equal(parseShimMessage('{"type":"call","id":1,"method":"register","params":{}}'), undefined);
  assert.equal(parseShimMessage('x'.repeat(300 * 1024)), undefined);
  assert.deepEqual(parseShimMessage('{"type":"ready","kind":"page"}'), { type: 'ready', kind: 'page' });
  const endpoint = new ShimEndpoint(new RecordingEngineHost([origin]), silentLogger);
  const reply = endpoint.answer(page, register(), facts(false, true));
  assert.ok(hostMessageSchema.safeParse(reply).success, 'a refusal is a valid host message');
  assert.ok(hostMessageSchema.safeParse({ type: 'dispatch', id: 3, tag: 't' }).success);
  assert.ok(!hostMessageSchema.safeParse({ type: 'dispatch', id: -1, tag: 't' }).success);
});

test('one-off sync: the same check order; a worker needs a window client; a page only its own origin; both message directions checked', () => {
  const syncRegister = (scope = `${origin}/`): ShimCall => ({
    type: 'call',
    id: 5,
    method: 'syncRegister',
    params: { scope, tag: 'outbox' },
  });
  const host = new RecordingEngineHost([origin]);
  const granted = new ShimEndpoint(host, silentLogger);
  const denied = new ShimEndpoint(new RecordingEngineHost([]), silentLogger);
  assert.equal(refusal(denied.answer(page, syncRegister(), facts(false, false))), 'InvalidStateError');
  assert.equal(refusal(denied.answer(page, syncRegister(), facts(true, false))), 'InvalidAccessError');
  assert.equal(refusal(denied.answer(page, syncRegister(), facts(true, true))), 'NotAllowedError');
  assert.equal(
    refusal(granted.answer(page, syncRegister('https://other.example/'), facts(true, true))),
    'NotAllowedError',
  );
  const worker: ShimSender = { kind: 'worker', origin, registrationScope: `${origin}/` };
  assert.equal(refusal(granted.answer(worker, syncRegister(), facts(false, false))), 'InvalidAccessError');
  assert.equal(refusal(granted.answer(page, syncRegister(), facts(true, true))), 'ok');
  assert.deepEqual(host.syncRegistered, [{ caller: { origin, scope: `${origin}/` }, tag: 'outbox' }]);
  const tags = granted.answer(
    page,
    { type: 'call', id: 6, method: 'syncGetTags', params: { scope: `${origin}/` } },
    facts(true, true),
  );
  assert.deepEqual(tags, { type: 'reply', id: 6, ok: true, result: ['outbox'] });
  assert.equal(
    parseShimMessage('{"type":"call","id":1,"method":"syncRegister","params":{"scope":"x"}}'),
    undefined,
  );
  assert.ok(hostMessageSchema.safeParse({ type: 'dispatchSync', id: 3, tag: 't', lastChance: true }).success);
  assert.ok(
    !hostMessageSchema.safeParse({ type: 'dispatchSync', id: 3, tag: 't' }).success,
    'lastChance is required',
  );
});

const options = notificationOptions({ body: 'b', tag: 'news', timestamp: 1 });

test('notifications: a worker shows for its own registration; a page for its own origin only', () => {
  const host = new RecordingEngineHost([origin]);
  const endpoint = new ShimEndpoint(host, silentLogger);
  const worker: ShimSender = { kind: 'worker', origin, registrationScope: `${origin}/app/` };
  const show = (scope: string | null): ShimCall => ({
    type: 'call',
    id: 4,
    method: 'showNotification',
    params: { scope, title: 'Hi', options },
  });
  // What the worker's own object claims does not matter: the engine knows its registration.
  assert.equal(
    refusal(endpoint.answer(worker, show('https://app.example/elsewhere/'), facts(true, true))),
    'ok',
  );
  assert.equal(host.shown[0]?.scope, `${origin}/app/`);
  // A page's `new Notification` belongs to no registration; a forged scope of another origin is refused.
  assert.equal(refusal(endpoint.answer(page, show(null), facts(true, true))), 'ok');
  assert.deepEqual(host.shown[1]?.caller, { origin, scope: `${origin}/` });
  assert.equal(host.shown[1]?.scope, null);
  assert.equal(
    refusal(endpoint.answer(page, show('https://other.example/'), facts(true, true))),
    'NotAllowedError',
  );
  assert.equal(host.shown.length, 2);
  // Notification.permission arrives with the state message after `ready`.
  assert.deepEqual(endpoint.stateFor(page), { type: 'state', notificationPermission: 'granted' });
  assert.deepEqual(
    endpoint.stateFor({
      kind: 'page',
      frameOrigin: 'https://other.example',
      frameUrl: 'https://other.example/',
    }),
    {
      type: 'state',
      notificationPermission: 'denied',
    },
  );
  assert.deepEqual(endpoint.stateFor({ kind: 'page', frameOrigin: 'null', frameUrl: 'about:blank' }), {
    type: 'state',
    notificationPermission: 'denied',
  });
});

test('notification messages are checked: bad URLs, too many actions, a badge out of range', () => {
  const call = (method: string, params: unknown) =>
    parseShimMessage(JSON.stringify({ type: 'call', id: 1, method, params }));
  assert.ok(call('showNotification', { scope: null, title: 't', options }));
  assert.equal(
    call('showNotification', { scope: null, title: 't', options: { ...options, icon: 'not a url' } }),
    undefined,
  );
  const action = { action: 'a', title: 'A', icon: '' };
  assert.equal(
    call('showNotification', {
      scope: null,
      title: 't',
      options: { ...options, actions: [action, action, action] },
    }),
    undefined,
  );
  assert.ok(call('setBadge', { badge: 3 }));
  assert.ok(call('setBadge', { badge: 'flag' }));
  assert.ok(call('setBadge', { badge: null }));
  assert.equal(call('setBadge', { badge: -1 }), undefined);
  assert.equal(call('setBadge', { badge: 1.5 }), undefined);
  assert.equal(call('closeNotification', { id: 0 }), undefined);
});
