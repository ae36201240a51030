/**
 * One-off Background Sync on real headless Chromium, side by side in one run on one worker: "register →
 * sync handler" while online, warm and cold, against Chromium's own `ServiceWorker.dispatchSyncEvent` (the
 * browser's floor: the same event with no scheduling at all); and "link up → sync handler" for a sync
 * registered offline, twice: from the host's connectivity source reporting the network back, and (where
 * network namespaces can be made: root) from a real link coming up under a `serve` host that follows the
 * OS's routes, the way the connectivity test does it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { startFixtureServer } from '../test/fixtures/pwa-server.ts';
import { openWithWorker } from '../test/helpers/chromium.ts';
import { startChromiumHost } from '../test/helpers/chromium-host.ts';
import { waitFor } from '../test/helpers/settle.ts';
import { LineChild, NODE } from '../test/os/helpers/line-child.ts';
import { NetnsLab } from '../test/os/helpers/netns.ts';
import { syncHandlerStart } from './handler-start.ts';
import { openNativeDispatch } from './native-dispatch.ts';
import { type Measurement, percentile } from './report.ts';

const EVENTS = Number(process.env.BENCH_ONE_OFF_EVENTS ?? 40);
const LINK_EVENTS = Number(process.env.BENCH_ONE_OFF_LINK_EVENTS ?? 10);
const NETNS_HOST = new URL('../test/fixtures/netns-host.ts', import.meta.url).pathname;

const now = () => performance.timeOrigin + performance.now();

export async function runOneOffBench(): Promise<Measurement[]> {
  const news = await startFixtureServer('news');
  // The browser stays up throughout: these figures are about events, not the browser on demand.
  const chromium = await startChromiumHost({ browserIdleMs: null });
  let measurements: Measurement[];
  try {
    const app = chromium.recordApp(news.origin, 'Fixture News');
    const scope = `${news.origin}/`;
    (await openWithWorker(chromium.engine, `${news.origin}/?no-register`)).close();
    const { engine, host, connectivity } = chromium;
    const stopWorker = async () => {
      await engine.stopWorker(scope);
      await waitFor('the worker to stop', () => engine.workerRunningStatus(scope) === 'stopped');
    };
    const prepare = (cold: boolean) => (cold ? stopWorker() : engine.ensureWorkerRunning(scope));
    const ended = (tag: string) =>
      waitFor('the run to end', () => host.store.runs.list({ tag }).some((run) => run.outcome !== null));

    const registerToHandler = async (cold: boolean): Promise<number[]> => {
      const samples: number[] = [];
      for (let i = 0; i < EVENTS; i += 1) {
        await prepare(cold);
        const tag = `register-${cold ? 'cold' : 'warm'}-${i}`;
        const registeredAt = now();
        host.core.registerOneOff(app.id, scope, tag);
        samples.push((await syncHandlerStart(news, tag, Math.floor(registeredAt))) - registeredAt);
        await ended(tag);
      }
      return samples;
    };

    /** A sync registered while the host's source says offline; timed from the source saying online. */
    const onlineToHandler = async (): Promise<number[]> => {
      const samples: number[] = [];
      for (let i = 0; i < LINK_EVENTS; i += 1) {
        await prepare(false);
        const tag = `online-${i}`;
        connectivity.set(false);
        host.core.registerOneOff(app.id, scope, tag);
        await sleep(50);
        const onlineAt = now();
        connectivity.set(true);
        samples.push((await syncHandlerStart(news, tag, Math.floor(onlineAt))) - onlineAt);
        await ended(tag);
      }
      return samples;
    };

    // Chromium's own dispatch, from a page session of the bench's own on the engine's DevTools pipe.
    const cdp = engine.connection;
    if (!cdp) throw new Error('the browser is not running');
    const native = await openNativeDispatch(cdp, scope);
    const nativeDispatchToHandler = async (cold: boolean): Promise<number[]> => {
      const samples: number[] = [];
      for (let i = 0; i < EVENTS; i += 1) {
        await prepare(cold);
        const tag = `native-${cold ? 'cold' : 'warm'}-${i}`;
        const sent = now();
        await cdp.send(
          'ServiceWorker.dispatchSyncEvent',
          { origin: news.origin, registrationId: native.registrationId, tag, lastChance: false },
          native.sessionId,
        );
        samples.push((await syncHandlerStart(news, tag, Math.floor(sent))) - sent);
        await sleep(20);
      }
      return samples;
    };

    // Alternately, so the machine's load falls on both alike.
    const warmHost = await registerToHandler(false);
    const warmNative = await nativeDispatchToHandler(false);
    const coldHost = await registerToHandler(true);
    const coldNative = await nativeDispatchToHandler(true);
    const online = await onlineToHandler();
    await native.close();

    const p = (values: number[], q: number) => percentile(values, q);
    measurements = [
      {
        name: `warm register → sync handler p50 (host, ${EVENTS} syncs)`,
        value: p(warmHost, 50),
        unit: 'ms',
        target: Math.max(1.5 * p(warmNative, 50), 1),
        note: 'target 1.5 × browser floor (≥ 1 ms: clock resolution)',
      },
      { name: 'warm register → sync handler p95 (host)', value: p(warmHost, 95), unit: 'ms' },
      {
        name: 'warm dispatchSyncEvent → handler p50 (Chromium native)',
        value: p(warmNative, 50),
        unit: 'ms',
        note: 'the browser floor',
      },
      {
        name: 'warm dispatchSyncEvent → handler p95 (Chromium native)',
        value: p(warmNative, 95),
        unit: 'ms',
      },
      {
        name: `cold register → sync handler p50 (host, ${EVENTS} syncs)`,
        value: p(coldHost, 50),
        unit: 'ms',
        target: 1.5 * p(coldNative, 50),
        note: 'target 1.5 × browser floor',
      },
      { name: 'cold register → sync handler p95 (host)', value: p(coldHost, 95), unit: 'ms' },
      {
        name: 'cold dispatchSyncEvent → handler p50 (Chromium native)',
        value: p(coldNative, 50),
        unit: 'ms',
        note: 'the browser floor',
      },
      {
        name: 'cold dispatchSyncEvent → handler p95 (Chromium native)',
        value: p(coldNative, 95),
        unit: 'ms',
      },
      {
        name: `online reported → sync handler p50 (host, ${LINK_EVENTS} syncs)`,
        value: p(online, 50),
        unit: 'ms',
        note: 'a sync registered offline; from the connectivity source saying online',
      },
      { name: 'online reported → sync handler p95 (host)', value: p(online, 95), unit: 'ms' },
    ];
  } finally {
    await chromium.close();
    await news.close();
  }
  return [...measurements, ...(await linkUpInNamespace())];
}

/**
 * A real link: a `serve` host in a network namespace (its own fixture server, the OS-following connectivity
 * source), a sync registered with the cable pulled, then the cable plugged back.
 */
async function linkUpInNamespace(): Promise<Measurement[]> {
  let lab: NetnsLab;
  try {
    lab = NetnsLab.create();
  } catch (error) {
    console.error(`link up → sync handler (netns) skipped: ${(error as Error).message}`);
    return [];
  }
  const dataDir = mkdtempSync(join(tmpdir(), 'pwa-host-bench-netns-'));
  const host = new LineChild(lab.exec([NODE, NETNS_HOST, dataDir, String(24 * 60 * 60_000)]));
  const samples: number[] = [];
  try {
    await host.waitFor('the host to start and install the app', (text) => text.startsWith('READY '), 90_000);
    for (let i = 0; i < LINK_EVENTS; i += 1) {
      const tag = `link-${i}`;
      const from = host.lines.length;
      lab.pullCable();
      await host.waitFor('offline', (text) => text.startsWith('CONNECTIVITY false '), 5000, from);
      host.process.stdin.write(`SYNC ${tag}\n`);
      await host.waitFor(
        'the registration',
        (text) => text.startsWith(`SYNC-REGISTERED ${tag} `),
        5000,
        from,
      );
      const upAt = Date.now();
      lab.plugCable();
      const event = await host.waitFor(
        'the sync event',
        (text) => text.startsWith(`SYNC-EVENT ${tag} `),
        15_000,
        from,
      );
      samples.push(Number(event.text.split(' ').at(-1)) - upAt);
      await host.waitFor(
        'the run',
        (text) => text.startsWith('RUN ') && text.includes(`"tag":"${tag}"`),
        30_000,
        from,
      );
    }
  } finally {
    await host.stop();
    lab.destroy();
    rmSync(dataDir, { recursive: true, force: true });
  }
  return [
    {
      name: `link up → sync handler p50 (netns serve host, ${LINK_EVENTS} syncs)`,
      value: percentile(samples, 50),
      unit: 'ms',
      target: 5000,
      note: 'a real link: the route monitor, then the host',
    },
    {
      name: 'link up → sync handler p95 (netns serve host)',
      value: percentile(samples, 95),
      unit: 'ms',
      target: 5000,
    },
  ];
}
