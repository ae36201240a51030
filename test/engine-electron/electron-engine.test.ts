import assert from 'node:assert/strict';
import { test } from 'node:test';
import { HostError } from '../../app/base/errors.ts';
import { WorkerNotFoundError } from '../../app/engine/engine-port.ts';
import { createElectronEngine } from '../../app/engine-electron/electron-engine.ts';
import { RecordingEngineHost } from '../contract/engine-contract.ts';
import { type FakeServiceWorkersOptions, fakeElectronSurface } from '../helpers/fake-electron-surface.ts';
import { waitFor } from '../helpers/settle.ts';

const origin = 'https://app.example';
const scope = `${origin}/`;

/** An Electron engine on a stand-in surface with one registered worker; stopped when the test ends. */
async function setUp(
  t: import('node:test').TestContext,
  options?: FakeServiceWorkersOptions & { destroyedSweepMs?: number },
) {
  const fake = fakeElectronSurface(options);
  const worker = fake.serviceWorkers.register(scope);
  const engine = createElectronEngine({
    surface: fake.surface,
    workerStartTimeoutMs: 3000,
    destroyedSweepMs: options?.destroyedSweepMs ?? 5000,
  });
  const host = new RecordingEngineHost([origin]);
  await engine.start(host);
  t.after(async () => {
    await engine.stop();
    fake.serviceWorkers.dispose();
  });
  const fire = async (tag: string, signal = new AbortController().signal) => {
    await engine.ensureWorkerRunning(scope);
    return engine.dispatchPeriodicSync({ scope, tag, timeLimitMs: 10_000, signal });
  };
  return { ...fake, worker, engine, host, fire };
}

test('a worker that is "starting" is waited for: startWorkerForScope is asked again until it runs', async (t) => {
  const { serviceWorkers, engine, worker } = await setUp(t, { startMs: 300 });
  const navigation = serviceWorkers.beginStart(scope); // a page's navigation starts it first
  await engine.ensureWorkerRunning(scope);
  await navigation;
  assert.equal(worker.status, 'running');
  assert.ok(serviceWorkers.startCalls.length >= 2, 'the first call was rejected while starting');
});

test('a start that fails while starting is an error, never "no worker" (which would delete registrations)', async (t) => {
  const { serviceWorkers, engine } = await setUp(t);
  serviceWorkers.failStarts(scope, Number.POSITIVE_INFINITY);
  const error = await engine.ensureWorkerRunning(scope).then(
    () => undefined,
    (reason: unknown) => reason,
  );
  assert.ok(error instanceof Error);
  assert.ok(!(error instanceof WorkerNotFoundError), String(error));
  assert.match(String(error), /stopped while starting/);
  serviceWorkers.failStarts(scope, 0);
  await engine.ensureWorkerRunning(scope); // the next start is a fresh one
});

test('startWorkerForScope resolving with nothing (the version it started became redundant) is retried, never "not found"', async (t) => {
  const { serviceWorkers, engine, worker, host } = await setUp(t);
  serviceWorkers.startsFindRedundant(scope, 3);
  await engine.ensureWorkerRunning(scope);
  assert.equal(worker.status, 'running');
  assert.equal(serviceWorkers.startCalls.length, 4, 'asked again until Electron gave a worker');
  assert.deepEqual(host.gone, [], 'nothing reported gone');
});

test('concurrent starts of one scope share one start', async (t) => {
  const { serviceWorkers, engine } = await setUp(t);
  await Promise.all([engine.ensureWorkerRunning(scope), engine.ensureWorkerRunning(scope)]);
  assert.equal(serviceWorkers.startCalls.length, 1);
});

test('a task holds the worker for exactly as long as each event runs, whatever ends it', async (t) => {
  const { worker, fire, serviceWorkers } = await setUp(t);
  const held: number[] = [];
  const pending = fire('slow-200');
  await waitFor('the event to start', () => worker.received.length === 1);
  held.push(worker.openTasks);
  assert.deepEqual(await pending, { status: 'success' });
  held.push(worker.openTasks);
  assert.equal((await fire('fail')).status, 'failed');
  held.push(worker.openTasks);
  const controller = new AbortController();
  const hanging = fire('hang', controller.signal);
  await waitFor('the hanging event to start', () => worker.received.length === 3);
  controller.abort(new HostError('time-limit', 'The event reached its time limit.'));
  assert.equal((await hanging).status, 'abandoned');
  held.push(worker.openTasks);
  const crashing = fire('hang');
  await waitFor('the event to start', () => worker.received.length === 4);
  await serviceWorkers.crash(scope);
  assert.deepEqual(await crashing, {
    status: 'failed',
    error: 'The service worker stopped during the event.',
  });
  held.push(worker.openTasks);
  assert.deepEqual(held, [1, 0, 0, 0, 0]);
});

test("the idle stop is the browser's: with no event running the engine holds no task and the worker stops", async (t) => {
  const { worker, fire } = await setUp(t, { idleMs: 300 });
  assert.deepEqual(await fire('get-latest-news'), { status: 'success' });
  await waitFor('the idle stop', () => worker.status === 'stopped', 3000);
});

test('a long event keeps its worker past the idle timeout (startTask keep-alive)', async (t) => {
  const { worker, fire } = await setUp(t, { idleMs: 100 });
  assert.deepEqual(await fire('slow-500'), { status: 'success' });
  assert.equal(worker.status, 'running', 'the worker ran until the event ended');
});

test('a new worker version is a new object: the engine binds it and fires there', async (t) => {
  const { serviceWorkers, worker, fire, host } = await setUp(t);
  assert.deepEqual(await fire('before-update'), { status: 'success' });
  const updated = await serviceWorkers.update(scope);
  assert.notEqual(updated, worker);
  assert.deepEqual(await fire('after-update'), { status: 'success' });
  assert.ok(updated.ipc.handlers.size === 1, 'the new version has the shim handler');
  assert.equal(updated.received.length, 1);
  await new Promise((resolve) => setTimeout(resolve, 2500)); // past the engine's look for deletions
  assert.deepEqual(host.gone, [], 'an update is not a deleted registration');
});

test('ipc.handle survives a stop and start of the same version: the engine binds once', async (t) => {
  const { serviceWorkers, worker, fire } = await setUp(t);
  assert.deepEqual(await fire('first'), { status: 'success' });
  await serviceWorkers.stopAllWorkers();
  assert.deepEqual(await fire('after-restart'), { status: 'success' }); // a second handle() would throw
  assert.equal(worker.ipc.handlers.size, 1);
});

test('a deleted worker registration is reported, and then the scope has no worker', async (t) => {
  const { serviceWorkers, engine, host, fire } = await setUp(t);
  await fire('get-latest-news');
  await serviceWorkers.unregister(scope);
  await waitFor('workerRegistrationGone', () => host.gone.includes(scope));
  await assert.rejects(engine.ensureWorkerRunning(scope), WorkerNotFoundError);
});

test('a version destroyed while still reported running is found by the sweep of isDestroyed()', async (t) => {
  const { serviceWorkers, host, fire } = await setUp(t, { destroyedSweepMs: 200 });
  await fire('get-latest-news');
  await serviceWorkers.unregister(scope, { stopping: false });
  await waitFor('workerRegistrationGone', () => host.gone.includes(scope), 3000);
});

test('only the worker version an event was sent to can finish it', async (t) => {
  const { serviceWorkers, worker, fire } = await setUp(t);
  const other = serviceWorkers.register(`${origin}/other/`);
  await serviceWorkers.beginStart(`${origin}/other/`);
  const pending = fire('hang');
  await waitFor('the event to start', () => worker.received.length === 1);
  const { id } = JSON.parse(worker.received[0] ?? '{}') as { id: number };
  await other.invoke({ type: 'eventDone', id, ok: true, error: null });
  let settled = false;
  void pending.then(() => {
    settled = true;
  });
  await new Promise((resolve) => setTimeout(resolve, 100));
  assert.equal(settled, false, 'another worker finished the event');
  await worker.invoke({ type: 'eventDone', id, ok: true, error: null });
  assert.deepEqual(await pending, { status: 'success' });
});

test('a worker is its registration: a scope its message names is ignored', async (t) => {
  const { engine, worker, host, pages } = await setUp(t);
  pages.origins.push(origin); // a window client, as register() needs
  await engine.ensureWorkerRunning(scope);
  const reply = await worker.invoke({
    type: 'call',
    id: 1,
    method: 'register',
    params: { scope: 'https://other.example/', tag: 'from-worker', minInterval: 0 },
  });
  assert.deepEqual(reply, { type: 'reply', id: 1, ok: true, result: null });
  assert.deepEqual(host.registered[0]?.caller, { origin, scope });
});

test('a page is its frame: origin from senderFrame, a forged scope or no frame is NotAllowedError', async (t) => {
  const { pages, host } = await setUp(t);
  pages.origins.push(origin);
  const call = (id: number, scopeParam: string) =>
    JSON.stringify({
      type: 'call',
      id,
      method: 'register',
      params: { scope: scopeParam, tag: 'news', minInterval: 1000 },
    });
  assert.deepEqual(await pages.invoke({ origin, url: `${origin}/` }, call(1, scope)), {
    type: 'reply',
    id: 1,
    ok: true,
    result: null,
  });
  assert.deepEqual(host.registered[0]?.caller, { origin, scope });
  const forged = (await pages.invoke({ origin, url: `${origin}/` }, call(2, 'https://other.example/'))) as {
    error: { name: string };
  };
  assert.equal(forged.error.name, 'NotAllowedError');
  const detached = (await pages.invoke(null, call(3, scope))) as { error: { name: string } };
  assert.equal(detached.error.name, 'NotAllowedError');
  assert.equal(host.registered.length, 1, 'no refused call reached the host');
});

test("a page's register() for a scope with no active worker is InvalidStateError", async (t) => {
  const { pages, host } = await setUp(t);
  pages.origins.push(origin);
  const reply = (await pages.invoke(
    { origin, url: `${origin}/` },
    JSON.stringify({
      type: 'call',
      id: 1,
      method: 'register',
      params: { scope: `${origin}/no-worker/`, tag: 'news', minInterval: 0 },
    }),
  )) as { error: { name: string } };
  assert.equal(reply.error.name, 'InvalidStateError');
  assert.equal(host.registered.length, 0);
});

test('malformed messages are dropped: not JSON, not the schema, not text, a page finishing an event', async (t) => {
  const { pages, worker, engine, host, fire } = await setUp(t);
  await engine.ensureWorkerRunning(scope);
  for (const payload of ['{', '{"type":"call","id":-1,"method":"register","params":{}}', 42, null]) {
    assert.equal(await pages.invoke({ origin, url: `${origin}/` }, payload), null);
  }
  assert.equal(await worker.ipc.handlers.values().next().value?.({}, '{"type":"nope"}'), null);
  const pending = fire('hang');
  await waitFor('the event to start', () => worker.received.length === 1);
  const { id } = JSON.parse(worker.received[0] ?? '{}') as { id: number };
  assert.equal(
    await pages.invoke(
      { origin, url: `${origin}/` },
      JSON.stringify({ type: 'eventDone', id, ok: true, error: null }),
    ),
    null,
  );
  let settled = false;
  void pending.then(() => {
    settled = true;
  });
  await new Promise((resolve) => setTimeout(resolve, 100));
  assert.equal(settled, false, 'a page finished a worker event');
  assert.equal(host.registered.length, 0);
  await worker.invoke({ type: 'eventDone', id, ok: true, error: null });
  await pending;
});

test('a dispatch to a worker that is not running fails at once (send would be dropped)', async (t) => {
  const { engine } = await setUp(t);
  const outcome = await engine.dispatchPeriodicSync({
    scope,
    tag: 'never-started',
    timeLimitMs: 1000,
    signal: new AbortController().signal,
  });
  assert.equal(outcome.status, 'failed');
});

test('workerScopes lists the scopes of the versions seen since start, without destroyed ones', async (t) => {
  const { engine, serviceWorkers, host } = await setUp(t);
  assert.deepEqual(engine.workerScopes(), [], 'Electron cannot list registrations: nothing is seen yet');
  const other = `${origin}/other/`;
  serviceWorkers.register(other);
  await serviceWorkers.beginStart(other); // a page started it: its "starting" is seen
  await engine.ensureWorkerRunning(scope);
  assert.deepEqual(engine.workerScopes().sort(), [scope, other].sort());
  await serviceWorkers.unregister(other);
  await waitFor('workerRegistrationGone', () => host.gone.includes(other));
  assert.deepEqual(engine.workerScopes(), [scope]);
});
