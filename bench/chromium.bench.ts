/**
 * Due → handler-start latency on real headless Chromium, cold (worker stopped, no page) and warm, side by
 * side with Chromium's own ServiceWorker.dispatchPeriodicSyncEvent on the same worker; and the browser's
 * memory after 10 and after 200 wakes.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { startFixtureServer } from '../test/fixtures/pwa-server.ts';
import { openWithWorker } from '../test/helpers/chromium.ts';
import { startChromiumHost } from '../test/helpers/chromium-host.ts';
import { waitFor } from '../test/helpers/settle.ts';
import { handlerStart as handlerStartOf } from './handler-start.ts';
import { openNativeDispatch } from './native-dispatch.ts';
import { treeMemoryMiB } from './process-memory.ts';
import { type Measurement, percentile } from './report.ts';

const EVENTS = Number(process.env.BENCH_CHROMIUM_EVENTS ?? 60);

export async function runChromiumBench(): Promise<Measurement[]> {
  const news = await startFixtureServer('news');
  // The browser stays up throughout: these figures are about events, not the browser on demand.
  const chromium = await startChromiumHost({ browserIdleMs: null });
  try {
    const app = chromium.recordApp(news.origin, 'Fixture News');
    const scope = `${news.origin}/`;
    (await openWithWorker(chromium.engine, `${news.origin}/?no-register`)).close();
    await waitFor('the page to close', () => true);
    const { engine, host } = chromium;

    const handlerStart = (tag: string, since: number) => handlerStartOf(news, tag, since);
    const stopWorker = async () => {
      await engine.stopWorker(scope);
      await waitFor('the worker to stop', () => engine.workerRunningStatus(scope) === 'stopped');
    };

    const hostLatency = async (cold: boolean): Promise<number[]> => {
      const samples: number[] = [];
      for (let i = 0; i < EVENTS; i += 1) {
        if (cold) await stopWorker();
        else await engine.ensureWorkerRunning(scope);
        const tag = `host-${cold ? 'cold' : 'warm'}-${i}`;
        const since = Date.now();
        const registration = host.core.register(app.id, scope, tag, 150);
        const started = await handlerStart(tag, since);
        samples.push(started - registration.nextDueAt);
        host.core.unregister(scope, tag);
        await waitFor('the run to end', () =>
          host.store.runs.list({ tag }).some((run) => run.outcome !== null),
        );
      }
      return samples;
    };

    // Chromium's own dispatch, from a page session of the bench's own on the engine's DevTools pipe (the
    // only connection the browser has).
    const cdp = engine.connection;
    if (!cdp) throw new Error('the browser is not running');
    await cdp.send('Browser.setPermission', {
      permission: { name: 'periodic-background-sync' },
      setting: 'granted',
      origin: news.origin,
    });
    const native = await openNativeDispatch(cdp, scope);
    const nativeLatency = async (cold: boolean): Promise<number[]> => {
      const samples: number[] = [];
      for (let i = 0; i < EVENTS; i += 1) {
        if (cold) await stopWorker();
        else await engine.ensureWorkerRunning(scope);
        const tag = `native-${cold ? 'cold' : 'warm'}-${i}`;
        const sent = performance.timeOrigin + performance.now();
        await cdp.send(
          'ServiceWorker.dispatchPeriodicSyncEvent',
          { origin: news.origin, registrationId: native.registrationId, tag },
          native.sessionId,
        );
        samples.push((await handlerStart(tag, Math.floor(sent))) - sent);
        await sleep(20);
      }
      return samples;
    };

    const warmHost = await hostLatency(false);
    const warmNative = await nativeLatency(false);
    const coldHost = await hostLatency(true);
    const coldNative = await nativeLatency(true);
    await native.close();

    const pid = engine.browserPid as number;
    const wake = async (i: number) => {
      await stopWorker();
      const tag = `wake-${i}`;
      host.core.register(app.id, scope, tag, 86_400_000);
      await host.core.runNow(scope, tag);
      host.core.unregister(scope, tag);
    };
    for (let i = 0; i < 10; i += 1) await wake(i);
    await sleep(1000);
    const after10 = treeMemoryMiB(pid);
    for (let i = 10; i < 200; i += 1) await wake(i);
    await sleep(1000);
    const after200 = treeMemoryMiB(pid);

    const p = (values: number[], q: number) => percentile(values, q);
    return [
      {
        name: `warm due → handler p50 (host, ${EVENTS} events)`,
        value: p(warmHost, 50),
        unit: 'ms',
        target: Math.max(1.5 * p(warmNative, 50), 1),
        note: 'target 1.5 × browser floor (≥ 1 ms: clock resolution)',
      },
      { name: 'warm due → handler p95 (host)', value: p(warmHost, 95), unit: 'ms' },
      {
        name: 'warm dispatch → handler p50 (Chromium native)',
        value: p(warmNative, 50),
        unit: 'ms',
        note: 'the browser floor',
      },
      { name: 'warm dispatch → handler p95 (Chromium native)', value: p(warmNative, 95), unit: 'ms' },
      {
        name: `cold due → handler p50 (host, ${EVENTS} events)`,
        value: p(coldHost, 50),
        unit: 'ms',
        target: 1.5 * p(coldNative, 50),
        note: 'target 1.5 × browser floor',
      },
      { name: 'cold due → handler p95 (host)', value: p(coldHost, 95), unit: 'ms', target: 100 },
      {
        name: 'cold dispatch → handler p50 (Chromium native)',
        value: p(coldNative, 50),
        unit: 'ms',
        note: 'the browser floor',
      },
      { name: 'cold dispatch → handler p95 (Chromium native)', value: p(coldNative, 95), unit: 'ms' },
      { name: 'browser PSS after 10 wakes', value: after10, unit: 'MiB' },
      {
        name: 'browser PSS after 200 wakes',
        value: after200,
        unit: 'MiB',
        target: Math.round(after10 * 1.1 * 100) / 100,
        note: 'target: within 10% of after 10',
      },
    ];
  } finally {
    await chromium.close();
    await news.close();
  }
}
