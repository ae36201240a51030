import assert from 'node:assert/strict';
import { test } from 'node:test';
import { rethrowListenerError, TypedEmitter } from '../../app/base/typed-emitter.ts';

interface Events {
  tick: number;
  word: string;
}

test('listeners get their event in subscription order; onAny gets every event; unsubscribing stops them', () => {
  const failures: unknown[] = [];
  const emitter = new TypedEmitter<Events>((error) => failures.push(error));
  const heard: string[] = [];
  const stopFirst = emitter.on('tick', (n) => heard.push(`first ${n}`));
  emitter.on('tick', (n) => heard.push(`second ${n}`));
  const stopAny = emitter.onAny((event, data) => heard.push(`any ${event} ${data}`));
  emitter.emit('tick', 1);
  emitter.emit('word', 'hi');
  stopFirst();
  stopAny();
  emitter.emit('tick', 2);
  assert.deepEqual(heard, ['first 1', 'second 1', 'any tick 1', 'any word hi', 'second 2']);
  assert.deepEqual(failures, []);
});

test('a listener that throws is reported and stops neither the others nor the code that emitted', () => {
  const failures: [unknown, string][] = [];
  const emitter = new TypedEmitter<Events>((error, event) => failures.push([error, event]));
  const heard: number[] = [];
  const boom = new Error('observer broke');
  emitter.on('tick', () => {
    throw boom;
  });
  emitter.on('tick', (n) => heard.push(n));
  assert.doesNotThrow(() => emitter.emit('tick', 7));
  assert.deepEqual(heard, [7]);
  assert.deepEqual(failures, [[boom, 'tick']]);
});

test('a listener may unsubscribe itself while the event is delivered', () => {
  const emitter = new TypedEmitter<Events>((error) => assert.fail(String(error)));
  const heard: string[] = [];
  const stop = emitter.on('word', (word) => {
    heard.push(`once ${word}`);
    stop();
  });
  emitter.on('word', (word) => heard.push(`always ${word}`));
  emitter.emit('word', 'a');
  emitter.emit('word', 'b');
  assert.deepEqual(heard, ['once a', 'always a', 'always b']);
});

test('listenerCount counts the listeners an event reaches (onAny too); clear unsubscribes everyone', () => {
  const emitter = new TypedEmitter<Events>((error) => assert.fail(String(error)));
  const heard: string[] = [];
  const stop = emitter.on('tick', (n) => heard.push(`tick ${n}`));
  emitter.on('tick', (n) => heard.push(`again ${n}`));
  assert.equal(emitter.listenerCount('tick'), 2);
  assert.equal(emitter.listenerCount('word'), 0);
  const stopAny = emitter.onAny((event) => heard.push(`any ${event}`));
  assert.equal(emitter.listenerCount('word'), 1);
  stopAny();
  stop();
  assert.equal(emitter.listenerCount('tick'), 1);
  emitter.onAny((event) => heard.push(`any ${event}`));
  emitter.clear();
  assert.equal(emitter.listenerCount('tick'), 0);
  emitter.emit('tick', 1);
  assert.deepEqual(heard, []);
});

test('rethrowListenerError lets the other listeners run, then surfaces the error as uncaught', (t) => {
  // The test runner owns uncaught exceptions: catch the rethrow where it is queued instead.
  const queued: (() => void)[] = [];
  t.mock.method(globalThis, 'queueMicrotask', (task: () => void) => queued.push(task));
  const boom = new Error('observer broke');
  const emitter = new TypedEmitter<Events>(rethrowListenerError);
  const heard: number[] = [];
  emitter.on('tick', () => {
    throw boom;
  });
  emitter.on('tick', (n) => heard.push(n));
  assert.doesNotThrow(() => emitter.emit('tick', 3));
  assert.deepEqual(heard, [3]);
  assert.equal(queued.length, 1);
  assert.throws(() => queued[0]?.(), boom);
});
