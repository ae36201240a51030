import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import Database from 'better-sqlite3';
import { createHost } from '../../app/host/create-host.ts';
import { SCHEMA_VERSION } from '../../app/store/migrations.ts';
import { DATABASE_FILE } from '../../app/store/open-database.ts';
import { Store } from '../../app/store/store.ts';
import { HOUR, makeHarness, tempDataDir } from '../helpers/harness.ts';
import { TestEngine } from '../helpers/test-engine.ts';

test('a new store uses WAL, enforces foreign keys and records its schema version', (t) => {
  const dataDir = tempDataDir(t);
  Store.open(dataDir).close();
  const db = new Database(join(dataDir, DATABASE_FILE), { readonly: true });
  t.after(() => db.close());
  assert.equal(db.pragma('journal_mode', { simple: true }), 'wal');
  assert.equal(db.pragma('user_version', { simple: true }), SCHEMA_VERSION);
  const tables = db
    .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
    .pluck()
    .all();
  assert.deepEqual(tables, ['apps', 'notifications', 'one_off_syncs', 'registrations', 'runs', 'settings']);
});

test('uninstalling an app deletes its registrations, one-off syncs and runs (foreign keys cascade)', async (t) => {
  const h = await makeHarness(t, { settings: { minIntervalFloorMs: 0 } });
  h.host.core.register(h.app.id, h.scope, 'news', HOUR);
  await h.clock.advance(HOUR);
  h.host.core.registerOneOff(h.app.id, h.scope, 'fail');
  await h.clock.advance(0);
  assert.equal(h.host.store.runs.list().length, 2);
  assert.equal(h.host.store.oneOffSyncs.list().length, 1, 'the failed sync waits for its retry');
  h.host.store.apps.delete(h.app.id);
  assert.equal(h.host.store.registrations.list().length, 0);
  assert.equal(h.host.store.oneOffSyncs.list().length, 0);
  assert.equal(h.host.store.runs.list().length, 0);
});

test('a database written by a newer build is refused and left untouched', async (t) => {
  const dataDir = tempDataDir(t);
  Store.open(dataDir).close();
  const path = join(dataDir, DATABASE_FILE);
  const db = new Database(path);
  db.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
  db.pragma('journal_mode = DELETE');
  db.close();
  const before = readFileSync(path);
  await assert.rejects(
    createHost({ dataDir, engine: new TestEngine(), developerMode: true }),
    (error: Error) =>
      error.message.includes(`schema version ${SCHEMA_VERSION + 1}`) &&
      /newer PWA Host/.test(error.message) &&
      error.message.includes(path),
  );
  assert.deepEqual(readFileSync(path), before);
});

test('a corrupted database is refused, kept byte for byte, and the error says where it is and how to recover', async (t) => {
  const dataDir = tempDataDir(t);
  const path = join(dataDir, DATABASE_FILE);
  const h = await makeHarness(t, { dataDir });
  h.host.core.register(h.app.id, h.scope, 'news', HOUR);
  await h.host.close();
  const db = new Database(path);
  db.pragma('journal_mode = DELETE');
  db.close();
  const bytes = readFileSync(path);
  // Scribble over the second page (the first table's b-tree), leaving the header intact.
  bytes.fill(0x5a, 4096 + 8, 4096 + 200);
  writeFileSync(path, bytes);
  await assert.rejects(
    createHost({ dataDir, engine: new TestEngine(), developerMode: true }),
    (error: Error) =>
      /is damaged/.test(error.message) && error.message.includes(path) && /To recover/.test(error.message),
  );
  assert.deepEqual(readFileSync(path), bytes);
});

test('a file that is not a database at all is refused and kept', async (t) => {
  const dataDir = tempDataDir(t);
  const path = join(dataDir, DATABASE_FILE);
  writeFileSync(
    path,
    'these are not the bytes of an SQLite database, but they are somebody’s file\n'.repeat(100),
  );
  const before = readFileSync(path);
  await assert.rejects(
    createHost({ dataDir, engine: new TestEngine(), developerMode: true }),
    /is damaged .*not a database/,
  );
  assert.deepEqual(readFileSync(path), before);
});

test('two hosts on one data dir: the second is refused and names the data dir; the first keeps working', async (t) => {
  const h = await makeHarness(t);
  await assert.rejects(
    createHost({ dataDir: h.dataDir, engine: new TestEngine(), developerMode: true }),
    (error: Error) =>
      error.message.includes(`data dir ${h.dataDir}`) && /already running/.test(error.message),
  );
  h.host.core.register(h.app.id, h.scope, 'still-works', HOUR);
  assert.deepEqual(h.host.core.getTags(h.scope), ['still-works']);
  await h.host.close();
  const again = await h.reopen();
  assert.deepEqual(again.core.getTags(h.scope), ['still-works']);
});
