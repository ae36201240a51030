/**
 * Two apps on one origin (issue 19, findings 1 and 18), as project sites on a shared host are
 * (`user.github.io/notes/`, `user.github.io/todo/`): each app's worker registers its task from its
 * `activate` handler during its first install, and each app's pages show notifications and badges. Every
 * registration and every page call belongs to the app whose scope contains it, whatever the order of
 * installs; one that no app's scope contains is refused.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { AppPage } from '../../app/engine/browser-pages.ts';
import type { LocalOperations } from '../../app/host/create-host-operations.ts';
import type { AppRecord } from '../../app/store/records.ts';
import { type FixtureServer, startFixtureServer } from '../fixtures/pwa-server.ts';
import { openWithWorker } from '../helpers/chromium.ts';
import { type ChromiumHost, startChromiumHost } from '../helpers/chromium-host.ts';
import { HOUR } from '../helpers/harness.ts';
import { chromiumHostOperations } from '../helpers/host-operations.ts';
import { serveAppAt } from '../helpers/nested-app.ts';
import { waitFor } from '../helpers/settle.ts';

describe('two apps on one origin (real Chromium)', { timeout: 240_000 }, () => {
  let server: FixtureServer;
  let chromium: ChromiumHost;
  let operations: LocalOperations;
  const pages: AppPage[] = [];

  before(async () => {
    server = await startFixtureServer('news');
    // Each worker registers NAME-sync from its activate handler (the fixture worker's `activate-tag`).
    for (const name of ['notes', 'todo', 'stray'])
      serveAppAt(server, name, `/sw.js?activate-tag=${name}-sync`);
    // A floor of an hour: nothing fires by itself while the test looks at the registrations.
    chromium = await startChromiumHost({ minIntervalFloorMs: HOUR });
    operations = chromiumHostOperations(chromium);
  });

  after(async () => {
    for (const page of pages) await page.close();
    await operations.close();
    await chromium.close();
    await server.close();
  });

  const appNamed = (name: string): AppRecord => {
    const found = operations.list().find((app) => app.name === name);
    assert.ok(found, `${name} is installed`);
    return found;
  };
  const tagsOf = (name: string) =>
    chromium.host.store.registrations.list(appNamed(name).id).map((registration) => registration.tag);
  const install = (name: string) => operations.install({ url: `${server.origin}/apps/${name}/` });

  test('each worker’s activate-time registration is filed under its own app, in either order and on reinstall', async () => {
    await install('notes');
    await install('todo');
    assert.deepEqual(tagsOf('notes'), ['notes-sync']);
    assert.deepEqual(tagsOf('todo'), ['todo-sync'], 'the second app’s task is not filed under the first');

    await operations.uninstall({ app: 'notes' });
    assert.deepEqual(tagsOf('todo'), ['todo-sync'], 'uninstalling Notes leaves Todo’s task');

    await install('notes');
    assert.deepEqual(tagsOf('notes'), ['notes-sync'], 'the reinstalled app’s task is its own');
    assert.deepEqual(tagsOf('todo'), ['todo-sync']);
    const run = await operations.run({ app: 'notes', tag: 'notes-sync' });
    assert.equal(run.outcome, 'success');
    assert.equal(run.appName, 'notes');

    operations.pause({ app: 'todo' });
    const paused = Object.fromEntries(operations.syncs().map((sync) => [sync.tag, sync.paused]));
    assert.deepEqual(paused, { 'notes-sync': false, 'todo-sync': true }, 'pausing Todo leaves Notes’ task');
    operations.resume({ app: 'todo' });
  });

  test("a page's notifications, badge and permission are its own app's, by the page's URL", async () => {
    const notes = appNamed('notes');
    const todo = appNamed('todo');
    const notesPage = await openWithWorker(chromium.engine, `${server.origin}/apps/notes/`);
    const todoPage = await openWithWorker(chromium.engine, `${server.origin}/apps/todo/`);
    pages.push(notesPage, todoPage);
    const permission = (page: AppPage) =>
      page.evaluate<string>(`(async () => {
        while (Notification.permission === 'default') await new Promise((resolve) => setTimeout(resolve, 20));
        return Notification.permission;
      })()`);
    assert.equal(await permission(todoPage), 'granted');

    await todoPage.evaluate(`new Promise((resolve) => {
      const shown = new Notification('From Todo', { body: 'a todo' });
      shown.onshow = shown.onerror = resolve;
    })`);
    await todoPage.evaluate('navigator.setAppBadge(3)');
    await waitFor(
      'the badge recorded',
      () => chromium.host.store.apps.get(todo.id)?.badge === 3 || undefined,
    );
    const recorded = chromium.host.store.notifications.list({ limit: 10 });
    assert.deepEqual(
      recorded.map((notification) => [notification.title, notification.appId]),
      [['From Todo', todo.id]],
    );
    assert.equal(chromium.host.store.apps.get(notes.id)?.badge, null, 'Notes has no badge');

    operations.mute({ app: 'todo' });
    await waitFor(
      'Todo’s page told it is muted',
      async () => (await permission(todoPage)) === 'denied' || undefined,
    );
    assert.equal(await permission(notesPage), 'granted', 'muting Todo does not mute Notes');
    operations.unmute({ app: 'todo' });
  });

  test('a worker whose scope no installed app contains is refused, as Chromium refuses without permission', async () => {
    const page = await openWithWorker(chromium.engine, `${server.origin}/apps/stray/`);
    pages.push(page);
    const refusal = await page.evaluate<{ name: string; message: string } | null>(`(async () => {
      const registration = await navigator.serviceWorker.getRegistration('/apps/stray/');
      try {
        await registration.periodicSync.register('stray-sync', { minInterval: 1000 });
        return null;
      } catch (error) {
        return { name: error.name, message: error.message };
      }
    })()`);
    assert.equal(refusal?.name, 'NotAllowedError');
    const stray = chromium.host.store.registrations
      .list()
      .filter((registration) => registration.scope.includes('/apps/stray/'));
    assert.deepEqual(stray, [], 'nothing filed under another app of the origin');
  });
});
