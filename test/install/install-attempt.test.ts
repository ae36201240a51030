/**
 * What one install attempt claims, undoes and settles (issue 19's attribution by scope, with issue 17's
 * one-off syncs), for an app nested in the scope of an installed one.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { BrowserPages } from '../../app/engine/browser-pages.ts';
import { InstallAttempt } from '../../app/install/install-attempt.ts';
import { testLogger } from '../helpers/chromium.ts';
import { fixtureApp, HOUR, makeHarness } from '../helpers/harness.ts';

/** The harness's app owns its whole origin; a worker of /todo/ (a page of it registered one) has a sync that failed once and a periodic registration, filed under it. */
async function nestedWorkerHarness(t: Parameters<typeof makeHarness>[0]) {
  const h = await makeHarness(t);
  const todoScope = `${h.app.origin}/todo/`;
  h.engine.workers.add(todoScope);
  h.host.core.registerOneOff(h.app.id, todoScope, 'fail');
  h.host.core.register(h.app.id, todoScope, 'todo-news', HOUR);
  await h.clock.advance(0);
  const cleared: string[] = [];
  const pages: BrowserPages = {
    openPage: () => Promise.reject(new Error('no pages in this test')),
    clearOrigin: async (origin) => {
      cleared.push(origin);
    },
    workerScopes: () => [todoScope],
  };
  const attempt = new InstallAttempt({
    store: h.host.store,
    pages,
    dataDir: h.dataDir,
    logger: testLogger,
    now: () => h.clock.now(),
  });
  // An install of Todo, the app of /todo/: its page loads, then its manifest is read and it is recorded.
  attempt.claimOrigin(h.app.origin, todoScope);
  const todo = attempt.recordNew({
    ...fixtureApp(h.app.origin, 'Todo'),
    manifestId: todoScope,
    startUrl: todoScope,
    scope: todoScope,
  });
  const owners = () => {
    const { store } = h.host;
    const of = (rows: { tag: string; appId: string }[]) => rows.map((row) => `${row.tag}: ${row.appId}`);
    return [...of(store.oneOffSyncs.list()), ...of(store.registrations.list()), ...of(store.runs.list())];
  };
  return { h, attempt, todo, cleared, owners };
}

test('a failed install of an app nested in an installed app’s scope leaves that app its syncs and runs', async (t) => {
  const { h, attempt, cleared, owners } = await nestedWorkerHarness(t);
  const before = owners();
  assert.deepEqual(before, ['fail: app-news', 'todo-news: app-news', 'fail: app-news']);
  await attempt.undo(undefined); // its start page or its launcher failed: what it created goes
  assert.deepEqual(owners(), before);
  assert.deepEqual(cleared, [], 'the origin is still an installed app’s');
  assert.deepEqual(h.host.store.apps.listInstalling(), []);
});

test('once the nested install completes, the syncs, registrations and runs its scope contains are its own', async (t) => {
  const { h, attempt, todo, owners } = await nestedWorkerHarness(t);
  h.host.store.transaction(() => {
    h.host.store.apps.markInstalled(todo.id, h.clock.now());
    attempt.complete();
  });
  assert.deepEqual(owners(), [`fail: ${todo.id}`, `todo-news: ${todo.id}`, `fail: ${todo.id}`]);
});

test('a start page that registers again what an installed app holds, in an install that then fails, takes nothing from that app', async (t) => {
  const { h, attempt, todo, owners } = await nestedWorkerHarness(t);
  const before = owners();
  // The new app's start page registers the task again (pages register on every load); its scope is the
  // new app's now, but the install is not complete.
  h.host.core.register(todo.id, `${h.app.origin}/todo/`, 'todo-news', HOUR);
  await attempt.undo(undefined); // the start page never settles: the install fails
  assert.deepEqual(owners(), before);
});
