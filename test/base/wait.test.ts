import assert from 'node:assert/strict';
import { test } from 'node:test';
import { waitUntil, withTimeout } from '../../app/base/wait.ts';

const never = new Promise<never>(() => {});

test('withTimeout gives the promise when it settles first', async () => {
  assert.equal(await withTimeout(Promise.resolve('done'), 10_000, () => 'late'), 'done');
  await assert.rejects(
    withTimeout(Promise.reject(new Error('broke')), 10_000, () => 'late'),
    /broke/,
  );
});

test('withTimeout gives what onTimeout returns, or rejects with what it throws', async () => {
  assert.equal(await withTimeout(never, 20, () => 'late'), 'late');
  await assert.rejects(
    withTimeout(never, 20, () => {
      throw new Error('nothing within 20 ms');
    }),
    /nothing within 20 ms/,
  );
});

test('waitUntil resolves at once when the condition already holds, without a change', async () => {
  const value = await waitUntil(() => 42, {
    timeoutMs: 10_000,
    onTimeout: () => 'late',
    onChange: () => () => {},
  });
  assert.equal(value, 42);
});

test('waitUntil checks again on every change and unsubscribes when done', async () => {
  let state = 0;
  const listeners = new Set<() => void>();
  const waiting = waitUntil(() => state >= 2 && `state ${state}`, {
    timeoutMs: 10_000,
    onTimeout: () => 'late',
    onChange: (recheck) => {
      listeners.add(recheck);
      return () => listeners.delete(recheck);
    },
  });
  for (const next of [1, 2]) {
    state = next;
    for (const listener of [...listeners]) listener();
  }
  assert.equal(await waiting, 'state 2');
  assert.equal(listeners.size, 0, 'the wait stopped listening');
});

test('waitUntil polls an asynchronous condition', async () => {
  let calls = 0;
  const value = await waitUntil(
    async () => {
      calls += 1;
      return calls === 3 ? 'third' : undefined;
    },
    { timeoutMs: 10_000, onTimeout: () => 'late', pollMs: 5 },
  );
  assert.equal(value, 'third');
});

test('waitUntil gives onTimeout when the condition never holds, and stops polling', async () => {
  let calls = 0;
  const value = await waitUntil(
    () => {
      calls += 1;
      return false;
    },
    { timeoutMs: 40, onTimeout: () => 'late', pollMs: 5 },
  );
  assert.equal(value, 'late');
  const callsAtTimeout = calls;
  await new Promise((resolve) => setTimeout(resolve, 30));
  assert.equal(calls, callsAtTimeout, 'no poll after the wait ended');
});

test('waitUntil rejects when the condition throws (what it waited on is gone)', async () => {
  await assert.rejects(
    waitUntil(
      () => {
        throw new Error('the child exited first');
      },
      { timeoutMs: 10_000, onTimeout: () => 'late' },
    ),
    /the child exited first/,
  );
});
