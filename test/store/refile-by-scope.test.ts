/**
 * Older builds filed a worker's registrations under the origin's first app when no installed scope
 * contained the worker's (issue 19, finding 1): the migration that brings in scope attribution files them,
 * their runs and their notifications under the app whose scope contains them, and leaves alone what no
 * app's scope contains.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import Database from 'better-sqlite3';
import { MIGRATIONS } from '../../app/store/migrations.ts';
import { DATABASE_FILE } from '../../app/store/open-database.ts';
import { Store } from '../../app/store/store.ts';
import { tempDataDir } from '../helpers/harness.ts';

const ORIGIN = 'https://user.example';
const NOTES = `${ORIGIN}/notes/`;
const TODO = `${ORIGIN}/todo/`;
const STRAY = `${ORIGIN}/stray/`;

/** A database as the build before scope attribution left it, with Todo's task filed under Notes. */
function writeMisfiledDatabase(dataDir: string): void {
  const scopeMigration = MIGRATIONS.findIndex((migration) => migration.includes('install_page'));
  assert.ok(scopeMigration > 0);
  const db = new Database(join(dataDir, DATABASE_FILE));
  for (const migration of MIGRATIONS.slice(0, scopeMigration)) db.exec(migration);
  const app = db.prepare(
    `INSERT INTO apps (id, manifest_id, name, start_url, scope, origin, installed_at, updated_at)
     VALUES (?, ?, ?, ?, ?, '${ORIGIN}', 1, 1)`,
  );
  app.run('notes', NOTES, 'Notes', NOTES, NOTES);
  app.run('todo', TODO, 'Todo', TODO, TODO);
  const registration = db.prepare(
    `INSERT INTO registrations (id, app_id, origin, scope, tag, min_interval_ms, created_at, next_due_at)
     VALUES (?, ?, '${ORIGIN}', ?, ?, 3600000, 1, 2)`,
  );
  registration.run(1, 'notes', NOTES, 'notes-sync');
  registration.run(2, 'notes', TODO, 'todo-sync');
  registration.run(3, 'notes', STRAY, 'stray-sync');
  db.prepare(
    `INSERT INTO runs (app_id, registration_id, scope, tag, trigger, attempt, outcome, started_at)
     VALUES ('notes', 2, '${TODO}', 'todo-sync', 'scheduled', 1, 'success', 5)`,
  ).run();
  db.prepare(
    `INSERT INTO notifications (app_id, scope, source, tag, title, options_json, shown, created_at)
     VALUES ('notes', '${TODO}', 'worker', '', 'Todo says', '{}', 1, 6)`,
  ).run();
  db.pragma(`user_version = ${scopeMigration}`);
  db.close();
}

test('registrations, runs and notifications an older build misfiled go to the app whose scope contains them', (t) => {
  const dataDir = tempDataDir(t);
  writeMisfiledDatabase(dataDir);
  const store = Store.open(dataDir);
  t.after(() => store.close());
  const filed = Object.fromEntries(store.registrations.list().map((entry) => [entry.tag, entry.appId]));
  assert.deepEqual(filed, { 'notes-sync': 'notes', 'todo-sync': 'todo', 'stray-sync': 'notes' });
  assert.deepEqual(
    store.runs.list().map((run) => [run.tag, run.appId]),
    [['todo-sync', 'todo']],
  );
  assert.deepEqual(
    store.notifications.list().map((notification) => [notification.title, notification.appId]),
    [['Todo says', 'todo']],
  );
});

test('a registration goes to an app recorded later whose scope contains it more closely', (t) => {
  const store = Store.open(tempDataDir(t));
  t.after(() => store.close());
  const record = (id: string, scope: string) =>
    store.apps.upsert(
      {
        id,
        manifestId: scope,
        name: id,
        shortName: null,
        startUrl: scope,
        scope,
        origin: ORIGIN,
        display: 'standalone',
        themeColor: null,
        backgroundColor: null,
        icons: [],
      },
      1,
    );
  record('whole', `${ORIGIN}/`);
  store.registrations.insert({
    appId: 'whole',
    origin: ORIGIN,
    scope: TODO,
    tag: 'todo-sync',
    minIntervalMs: 1,
    createdAt: 1,
    nextDueAt: 2,
  });
  record('todo', TODO);
  assert.equal(store.registrations.refileByScope(ORIGIN), 1, 'a closer scope now contains it');
  assert.equal(store.registrations.get(TODO, 'todo-sync')?.appId, 'todo');
  assert.equal(store.registrations.refileByScope(ORIGIN), 0);
});
