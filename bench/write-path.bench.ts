/**
 * `npm run bench -- write-path`: what register + unregister costs, statement by statement, on the core
 * bench's store (10,000 registrations across 1,000 apps). CPU time, not wall time: on a shared machine the
 * wall clock mostly measures the other processes (the core suite's ops/s moved from 10k to 34k with the
 * load alone), while CPU time per operation stays put. Then the pages SQLite appends to its WAL per commit,
 * read from the WAL file's growth: each page written is a syscall and a 4 KiB copy, the largest part of
 * the cost.
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { ManualConnectivity } from '../app/connectivity/connectivity.ts';
import { createHost } from '../app/host/create-host.ts';
import { DATABASE_FILE } from '../app/store/open-database.ts';
import { TestEngine } from '../test/helpers/test-engine.ts';
import { seedStore } from './core.bench.ts';
import { type Measurement, percentile } from './report.ts';

const DAY = 86_400_000;
const ROUNDS = 7;
const PER_ROUND = 2000;

/** CPU microseconds per call of `work`, the median of ROUNDS rounds. */
function cpuPerCall(work: (i: number) => void): number {
  const rounds: number[] = [];
  let i = 0;
  for (let round = 0; round < ROUNDS; round += 1) {
    const before = process.cpuUsage();
    for (let n = 0; n < PER_ROUND; n += 1) {
      i += 1;
      work(i);
    }
    const used = process.cpuUsage(before);
    rounds.push((used.user + used.system) / PER_ROUND);
  }
  return percentile(rounds, 50);
}

export async function runWritePathBench(): Promise<Measurement[]> {
  const dataDir = mkdtempSync(join(tmpdir(), 'pwa-host-bench-'));
  try {
    seedStore(dataDir);
    const host = await createHost({
      dataDir,
      engine: new TestEngine(),
      connectivity: new ManualConnectivity(true),
    });
    const app = host.store.apps.get('app-0');
    if (!app) throw new Error('seeded app missing');
    const scope = `${app.origin}/`;
    // Register and unregister apart: no origin may hold more than its cap, so unregister in the same round.
    const pair = cpuPerCall((i) => {
      host.core.register(app.id, scope, `pair-${i}`, DAY);
      host.core.unregister(scope, `pair-${i}`);
    });
    const registerOnly = cpuPerCall((i) => {
      host.core.register(app.id, scope, `reg-${i}`, DAY);
      host.store.registrations.delete(scope, `reg-${i - 50}`);
    });
    await host.close();

    // The same statements without the core, on the file the host left (the host keeps it exclusive).
    const db = new Database(join(dataDir, DATABASE_FILE));
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('locking_mode = EXCLUSIVE');
    db.pragma('foreign_keys = ON');
    const now = Date.now();
    const statements = {
      app: db.prepare('SELECT * FROM apps WHERE id = ?'),
      byKey: db.prepare('SELECT * FROM registrations WHERE scope = ? AND tag = ?'),
      count: db
        .prepare(
          `SELECT count(*) FROM (SELECT 1 FROM registrations
             WHERE app_id IN (SELECT id FROM apps WHERE origin = ?) LIMIT 64)`,
        )
        .pluck(),
      insert: db.prepare(
        `INSERT INTO registrations (app_id, origin, scope, tag, min_interval_ms, created_at, next_due_at)
         VALUES (?, ?, ?, ?, ?, ?, ?)`,
      ),
      delete: db.prepare('DELETE FROM registrations WHERE scope = ? AND tag = ?'),
    };
    const insert = (tag: string) =>
      statements.insert.run(app.id, app.origin, scope, tag, DAY, now, now + DAY);
    const reads = cpuPerCall((i) => {
      statements.app.get(app.id);
      statements.byKey.get(scope, `read-${i}`);
      statements.count.get(app.origin);
    });
    const emptyCommit = cpuPerCall(() => {
      db.exec('BEGIN IMMEDIATE');
      db.exec('COMMIT');
    });
    const insertCommit = cpuPerCall((i) => {
      insert(`ins-${i}`);
      statements.delete.run(scope, `ins-${i - 50}`);
    });
    const insertAndDeleteInOneTransaction = cpuPerCall((i) => {
      db.exec('BEGIN IMMEDIATE');
      insert(`tx-${i}`);
      statements.delete.run(scope, `tx-${i}`);
      db.exec('COMMIT');
    });
    const autocommitPair = cpuPerCall((i) => {
      insert(`auto-${i}`);
      statements.delete.run(scope, `auto-${i}`);
    });
    // Pages per commit, from the WAL's growth (frame = 24-byte header + one page).
    db.pragma('wal_autocheckpoint = 0');
    db.pragma('wal_checkpoint(TRUNCATE)');
    const pageSize = db.pragma('page_size', { simple: true }) as number;
    const walPath = join(dataDir, `${DATABASE_FILE}-wal`);
    const commits = 500;
    for (let i = 0; i < commits; i += 1) {
      insert(`wal-${i}`);
      statements.delete.run(scope, `wal-${i}`);
    }
    const frames = (statSync(walPath).size - 32) / (pageSize + 24);
    db.close();

    const note = `CPU µs per call, median of ${ROUNDS} × ${PER_ROUND}`;
    return [
      { name: 'core: register + unregister (one pair)', value: pair, unit: 'µs', note },
      {
        name: 'core: register + unregister, as ops/s of one core',
        value: 2_000_000 / pair,
        unit: 'ops/s',
        target: 20_000,
        higherIsBetter: true,
        note: 'the core suite counts register and unregister as one op each',
      },
      { name: 'core: register (its transaction included)', value: registerOnly, unit: 'µs', note },
      { name: 'SQL: the three reads of a register (app, key, per-origin count)', value: reads, unit: 'µs' },
      { name: 'SQL: BEGIN IMMEDIATE + COMMIT, nothing written', value: emptyCommit, unit: 'µs' },
      { name: 'SQL: INSERT and DELETE, each its own commit', value: autocommitPair, unit: 'µs' },
      {
        name: 'SQL: INSERT + an older DELETE, autocommit (the register side)',
        value: insertCommit,
        unit: 'µs',
      },
      {
        name: 'SQL: INSERT + DELETE in one transaction',
        value: insertAndDeleteInOneTransaction,
        unit: 'µs',
        note: 'what one commit instead of two would save',
      },
      {
        name: 'WAL pages per commit (INSERT or DELETE of a registration)',
        value: frames / (2 * commits),
        unit: 'pages',
        note: 'the row and its three indexes: unique (scope, tag), due time, app',
      },
    ];
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}
