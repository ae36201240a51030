import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import Database from 'better-sqlite3';
import { MIGRATIONS } from '../../app/store/migrations.ts';
import { DATABASE_FILE } from '../../app/store/open-database.ts';
import { Store } from '../../app/store/store.ts';
import { tempDataDir } from '../helpers/harness.ts';

/** A database as the build before install states wrote it, holding one app. */
function writeVersionOneDatabase(dataDir: string): void {
  const db = new Database(join(dataDir, DATABASE_FILE));
  db.exec(MIGRATIONS[0] as string);
  db.prepare(
    `INSERT INTO apps (id, manifest_id, name, start_url, scope, origin, installed_at, updated_at)
     VALUES ('old', 'https://old.example/', 'Old', 'https://old.example/', 'https://old.example/', 'https://old.example', 1, 1)`,
  ).run();
  db.pragma('user_version = 1');
  db.close();
}

test('apps an older build installed stay installed after the install-state migration', (t) => {
  const dataDir = tempDataDir(t);
  writeVersionOneDatabase(dataDir);
  const store = Store.open(dataDir);
  t.after(() => store.close());
  assert.deepEqual(
    store.apps.list().map((app) => app.id),
    ['old'],
  );
  assert.deepEqual(store.apps.listInstalling(), []);
});

test('a read-only look at a database an older build wrote works and leaves the file at its version', (t) => {
  const dataDir = tempDataDir(t);
  writeVersionOneDatabase(dataDir);
  const store = Store.open(dataDir, { readonly: true });
  assert.deepEqual(
    store.apps.list().map((app) => app.id),
    ['old'],
  );
  store.close();
  const db = new Database(join(dataDir, DATABASE_FILE), { readonly: true });
  t.after(() => db.close());
  assert.equal(db.pragma('user_version', { simple: true }), 1);
});

test('an app being installed is recorded but not listed until its install is marked complete', (t) => {
  const store = Store.open(tempDataDir(t));
  t.after(() => store.close());
  const app = {
    id: 'new',
    manifestId: 'https://new.example/',
    name: 'New',
    shortName: null,
    startUrl: 'https://new.example/',
    scope: 'https://new.example/',
    origin: 'https://new.example',
    display: 'standalone',
    themeColor: null,
    backgroundColor: null,
    icons: [],
  };
  store.apps.upsert(app, 1, 'installing');
  assert.deepEqual(store.apps.list(), []);
  assert.equal(store.apps.listByOrigin(app.origin).length, 1, 'it grants its origin periodic sync');
  store.apps.markInstalled(app.id, 2);
  assert.deepEqual(
    store.apps.list().map((listed) => [listed.id, listed.installedAt]),
    [['new', 2]],
  );
});
