/**
 * How the Chromium engine hands events to a worker's shim: the first through the command-line API (which
 * keeps a handle of the shim's listener), later ones by a call on that handle; a handle the worker no
 * longer knows is refused by the browser before anything runs, and the event then goes the long way once.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { ChromiumEngine } from '../../app/engine-chromium/chromium-engine.ts';
import { startFixtureServer } from '../fixtures/pwa-server.ts';
import { chromiumEngine, openWithWorker, tempProfile } from '../helpers/chromium.ts';
import { RecordingEngineHost } from './engine-contract.ts';

let engine: ChromiumEngine;
let scope: string;
let teardown: () => Promise<void>;
/** The DevTools methods that carried a periodic sync event to the worker, in order, with their session. */
const deliveries: { method: string; sessionId: string | undefined; failed: boolean }[] = [];
/** The handle of the shim's listener the engine got back from its last evaluate. */
let listenerHandle: string | undefined;

before(async () => {
  const server = await startFixtureServer('news');
  const profile = tempProfile();
  engine = chromiumEngine(profile.dir);
  await engine.start(new RecordingEngineHost([server.origin]));
  scope = `${server.origin}/`;
  await (await openWithWorker(engine, `${server.origin}/?no-register`)).close();
  const cdp = engine.connection;
  if (!cdp) throw new Error('the browser is not running');
  const send = cdp.send.bind(cdp);
  cdp.send = <T>(method: string, params?: object, sessionId?: string): Promise<T> => {
    const reply = send<T>(method, params, sessionId);
    // The message is an argument of a call, or a literal inside an evaluated expression (quotes escaped).
    if (
      !JSON.stringify(params ?? {})
        .replaceAll('\\"', '"')
        .includes('"type":"dispatch"')
    )
      return reply;
    const delivery = { method, sessionId, failed: false };
    deliveries.push(delivery);
    return reply.then(
      (answer) => {
        const objectId = (answer as { result?: { objectId?: string } }).result?.objectId;
        if (method === 'Runtime.evaluate' && objectId) listenerHandle = objectId;
        return answer;
      },
      (error: unknown) => {
        delivery.failed = true;
        throw error;
      },
    );
  };
  teardown = async () => {
    await engine.stop();
    await server.close();
    profile.remove();
  };
});

after(() => teardown());

const fire = async (tag: string) => {
  await engine.ensureWorkerRunning(scope);
  return engine.dispatchPeriodicSync({
    scope,
    tag,
    timeLimitMs: 10_000,
    signal: new AbortController().signal,
  });
};

test('the first event finds the shim by the command-line API, the next ones call its kept listener', async () => {
  assert.deepEqual(await fire('first'), { status: 'success' });
  assert.deepEqual(await fire('second'), { status: 'success' });
  assert.deepEqual(await fire('third'), { status: 'success' });
  // Per worker session: the first event looks the listener up, the later ones call it. (A worker the
  // browser restarted between two events is a new session, whose first event looks it up again.)
  const bySession = Map.groupBy(deliveries, (delivery) => delivery.sessionId);
  for (const [sessionId, carried] of bySession) {
    assert.deepEqual(
      carried.map(({ method, failed }) => ({ method, failed })),
      carried.map((_, index) => ({
        method: index === 0 ? 'Runtime.evaluate' : 'Runtime.callFunctionOn',
        failed: false,
      })),
      `the events on worker session ${sessionId}`,
    );
  }
  assert.equal(
    deliveries.at(-1)?.method,
    'Runtime.callFunctionOn',
    'the last event called the kept listener',
  );
});

test('a handle the worker no longer knows is refused before anything runs, and the event still arrives', async () => {
  const sessionId = deliveries.at(-1)?.sessionId;
  assert.ok(sessionId && listenerHandle, 'a worker session carried the events and the engine kept a handle');
  const cdp = engine.connection;
  assert.ok(cdp);
  // What a rebuilt global does to every handle into the old one, done to this handle alone.
  await cdp.send('Runtime.releaseObject', { objectId: listenerHandle }, sessionId);
  deliveries.length = 0;
  assert.deepEqual(await fire('after-discard'), { status: 'success' });
  assert.deepEqual(await fire('after-discard-2'), { status: 'success' });
  assert.deepEqual(
    deliveries.map(({ method, failed }) => ({ method, failed })),
    [
      { method: 'Runtime.callFunctionOn', failed: true },
      { method: 'Runtime.evaluate', failed: false },
      { method: 'Runtime.callFunctionOn', failed: false },
    ],
  );
});
