/**
 * The core's speed and memory targets: start-up on a large store, register/unregister throughput, idle cost
 * with everything scheduled, and how close to its due time an event reaches the engine.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { ManualConnectivity } from '../app/connectivity/connectivity.ts';
import { createHost, type Host } from '../app/host/create-host.ts';
import { Store } from '../app/store/store.ts';
import { fixtureApp } from '../test/helpers/harness.ts';
import { TestEngine } from '../test/helpers/test-engine.ts';
import { type Measurement, percentile } from './report.ts';

const APPS = 1000;
const TAGS_PER_APP = 10;
const DAY = 86_400_000;
const IDLE_SECONDS = Number(process.env.BENCH_IDLE_SECONDS ?? 30);

export function seedStore(dataDir: string): void {
  const store = Store.open(dataDir);
  const now = Date.now();
  store.transaction(() => {
    for (let a = 0; a < APPS; a += 1) {
      const origin = `https://app${a}.example`;
      const app = store.apps.upsert({ ...fixtureApp(origin, `App ${a}`), id: `app-${a}` }, now);
      for (let t = 0; t < TAGS_PER_APP; t += 1) {
        store.registrations.insert({
          appId: app.id,
          origin,
          scope: `${origin}/`,
          tag: `tag-${t}`,
          minIntervalMs: DAY,
          createdAt: now,
          nextDueAt: now + DAY - a * 1000 - t, // within one interval, as a running host leaves them
        });
      }
    }
  });
  store.close();
}

function openHost(dataDir: string, engine: TestEngine): Promise<Host> {
  return createHost({ dataDir, engine, connectivity: new ManualConnectivity(true) });
}

async function startup(dataDir: string): Promise<{ ms: number; host: Host }> {
  const engine = new TestEngine();
  const started = performance.now();
  const host = await openHost(dataDir, engine);
  return { ms: performance.now() - started, host };
}

/** Register + unregister pairs; the median of five rounds, since one round on a shared machine is noisy. */
function throughput(host: Host): number {
  const app = host.store.apps.get('app-0');
  if (!app) throw new Error('seeded app missing');
  const operations = 20_000;
  const rounds = Array.from({ length: 5 }, (_, round) => {
    const started = performance.now();
    for (let i = 0; i < operations / 2; i += 1) {
      host.core.register(app.id, `${app.origin}/`, `bench-${round}-${i}`, DAY);
      host.core.unregister(`${app.origin}/`, `bench-${round}-${i}`);
    }
    return operations / ((performance.now() - started) / 1000);
  });
  return percentile(rounds, 50);
}

async function idle(): Promise<{ cpuMs: number; heapMb: number; rssMb: number }> {
  globalThis.gc?.();
  const before = process.cpuUsage();
  await sleep(IDLE_SECONDS * 1000);
  const used = process.cpuUsage(before);
  globalThis.gc?.();
  const memory = process.memoryUsage();
  return {
    cpuMs: (used.user + used.system) / 1000,
    heapMb: memory.heapUsed / 2 ** 20,
    rssMb: memory.rss / 2 ** 20,
  };
}

async function precision(): Promise<number[]> {
  const dataDir = mkdtempSync(join(tmpdir(), 'pwa-host-bench-'));
  const origin = 'https://precise.example';
  const engine = new TestEngine([`${origin}/`]);
  const host = await createHost({
    dataDir,
    engine,
    connectivity: new ManualConnectivity(true),
    settings: { minIntervalFloorMs: 0 },
    developerMode: true,
  });
  const app = host.store.apps.upsert(fixtureApp(origin), Date.now());
  const events = 100;
  const dueAt = new Map<string, number>();
  for (let i = 0; i < events; i += 1) {
    const registration = host.core.register(app.id, `${origin}/`, `p-${i}`, 500 + i * 37);
    dueAt.set(registration.tag, registration.nextDueAt);
  }
  await sleep(500 + events * 37 + 1000);
  await host.close();
  rmSync(dataDir, { recursive: true, force: true });
  const first = new Map<string, number>();
  for (const dispatch of engine.dispatches)
    if (!first.has(dispatch.tag)) first.set(dispatch.tag, dispatch.receivedAt);
  return [...dueAt].map(([tag, due]) => (first.get(tag) ?? Number.POSITIVE_INFINITY) - due);
}

/** Register + unregister throughput on the seeded store, as the core suite measures it (for the footprint table). */
export async function measureThroughput(): Promise<number> {
  const dataDir = mkdtempSync(join(tmpdir(), 'pwa-host-bench-'));
  try {
    seedStore(dataDir);
    const { host } = await startup(dataDir);
    const opsPerSecond = throughput(host);
    await host.close();
    return opsPerSecond;
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

export async function runCoreBench(): Promise<Measurement[]> {
  const dataDir = mkdtempSync(join(tmpdir(), 'pwa-host-bench-'));
  try {
    seedStore(dataDir);
    const { ms, host } = await startup(dataDir);
    const opsPerSecond = throughput(host);
    const quiet = await idle();
    const late = await precision();
    await host.close();
    return [
      {
        name: `start with ${APPS * TAGS_PER_APP} registrations / ${APPS} apps`,
        value: ms,
        unit: 'ms',
        target: 500,
      },
      {
        name: 'register + unregister throughput (median of 5 rounds)',
        value: opsPerSecond,
        unit: 'ops/s',
        target: 20_000,
        higherIsBetter: true,
      },
      {
        name: `idle CPU over ${IDLE_SECONDS} s, all scheduled`,
        value: quiet.cpuMs,
        unit: 'ms',
        target: 50 * (IDLE_SECONDS / 30),
      },
      {
        name: 'idle heap used',
        value: quiet.heapMb,
        unit: 'MB',
        target: 60,
        note: `RSS ${Math.round(quiet.rssMb)} MB`,
      },
      { name: 'due → engine lateness p50', value: percentile(late, 50), unit: 'ms' },
      { name: 'due → engine lateness p95', value: percentile(late, 95), unit: 'ms', target: 20 },
      {
        name: 'due → engine lateness max',
        value: Math.max(...late),
        unit: 'ms',
        note: `${late.length} events`,
      },
    ];
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}
