/**
 * Where the warm "due → handler" time goes, step by step, on real headless Chromium: the core's timer, the
 * core's work up to the engine, the engine's work up to the DevTools command, and the browser's part from
 * that command to the handler; beside them Chromium's own ServiceWorker.dispatchPeriodicSyncEvent and two
 * bare round trips to the worker (a plain evaluate, and one with the command-line API our delivery used).
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { Clock } from '../app/clock/clock.ts';
import { systemClock } from '../app/clock/system-clock.ts';
import type { DispatchRequest } from '../app/engine/engine-port.ts';
import { startFixtureServer } from '../test/fixtures/pwa-server.ts';
import { openWithWorker } from '../test/helpers/chromium.ts';
import { startChromiumHost } from '../test/helpers/chromium-host.ts';
import { waitFor } from '../test/helpers/settle.ts';
import { handlerStart } from './handler-start.ts';
import { openNativeDispatch } from './native-dispatch.ts';
import { type Measurement, percentile } from './report.ts';

const EVENTS = Number(process.env.BENCH_CHROMIUM_EVENTS ?? 60);

/** Wall time with sub-millisecond resolution, on the same footing as the worker's performance.timeOrigin + now(). */
const preciseNow = () => performance.timeOrigin + performance.now();

interface Marks {
  timerFired?: number;
  engineCalled?: number;
  commandSent?: number;
  commandAnswered?: number;
}

export async function runWarmPathBench(): Promise<Measurement[]> {
  const news = await startFixtureServer('news');
  const timerFirings: number[] = [];
  // When each of the core's timers fires: the last one before the engine is called is the wake-up.
  const clock: Clock = {
    ...systemClock,
    setTimer: (at, callback) =>
      systemClock.setTimer(at, () => {
        timerFirings.push(preciseNow());
        callback();
      }),
  };
  const chromium = await startChromiumHost({ browserIdleMs: null }, {}, { clock });
  try {
    const app = chromium.recordApp(news.origin, 'Fixture News');
    const scope = `${news.origin}/`;
    (await openWithWorker(chromium.engine, `${news.origin}/?no-register`)).close();
    const { engine, host } = chromium;
    const cdp = engine.connection;
    if (!cdp) throw new Error('the browser is not running');

    const marks = new Map<string, Marks>();
    const dispatch = engine.dispatchPeriodicSync.bind(engine);
    engine.dispatchPeriodicSync = (request: DispatchRequest) => {
      marks.set(request.tag, { ...marks.get(request.tag), engineCalled: preciseNow() });
      return dispatch(request);
    };
    let workerSession: string | undefined;
    const send = cdp.send.bind(cdp);
    cdp.send = <T>(method: string, params?: object, sessionId?: string): Promise<T> => {
      // The event goes out as an evaluate (the first after a worker start) or a call on the shim's listener.
      const { expression, arguments: args } = (params ?? {}) as {
        expression?: string;
        arguments?: { value?: { type?: string; tag?: string } }[];
      };
      const argument = args?.[0]?.value;
      const tag =
        argument?.type === 'dispatch'
          ? argument.tag
          : /"type":"dispatch".*"tag":"([^"]+)"/.exec(expression ?? '')?.[1];
      const reply = send<T>(method, params, sessionId);
      if (tag === undefined) return reply;
      workerSession = sessionId;
      const mark: Marks = { ...marks.get(tag), commandSent: preciseNow() };
      marks.set(tag, mark);
      return reply.finally(() => {
        mark.commandAnswered = preciseNow();
      });
    };

    const steps = {
      timer: [] as number[],
      core: [] as number[],
      engine: [] as number[],
      browser: [] as number[],
      answer: [] as number[],
      total: [] as number[],
    };
    for (let i = 0; i < EVENTS; i += 1) {
      await engine.ensureWorkerRunning(scope);
      const tag = `warm-${i}`;
      const since = Date.now();
      const registration = host.core.register(app.id, scope, tag, 150);
      const handler = await handlerStart(news, tag, since);
      host.core.unregister(scope, tag);
      await waitFor('the run to end', () =>
        host.store.runs.list({ tag }).some((run) => run.outcome !== null),
      );
      // The worker's completion message can overtake the command's answer.
      const mark = await waitFor('the dispatch command to be answered', () => {
        const found = marks.get(tag);
        return found?.commandAnswered === undefined ? undefined : found;
      });
      const fired = timerFirings.findLast((at) => at <= (mark.engineCalled ?? 0));
      if (fired === undefined || !mark.engineCalled || !mark.commandSent || !mark.commandAnswered)
        throw new Error(`missing a mark for ${tag}`);
      steps.timer.push(fired - registration.nextDueAt);
      steps.core.push(mark.engineCalled - fired);
      steps.engine.push(mark.commandSent - mark.engineCalled);
      steps.browser.push(handler - mark.commandSent);
      steps.answer.push(mark.commandAnswered - mark.commandSent);
      steps.total.push(handler - registration.nextDueAt);
    }
    if (!workerSession) throw new Error('no dispatch reached the worker');

    // Bare round trips to the same worker, for what one DevTools command costs.
    const roundTrip = async (params: object): Promise<number[]> => {
      const samples: number[] = [];
      for (let i = 0; i < EVENTS; i += 1) {
        const sent = preciseNow();
        await send('Runtime.evaluate', params, workerSession);
        samples.push(preciseNow() - sent);
      }
      return samples;
    };
    const plainTrip = await roundTrip({ expression: '0' });
    const commandLineTrip = await roundTrip({
      expression: 'getEventListeners(globalThis)["pwa-host-bench-none"]?.[0]',
      includeCommandLineAPI: true,
    });

    // Chromium's own dispatch on the same worker, from a page session of the bench's own.
    await send('Browser.setPermission', {
      permission: { name: 'periodic-background-sync' },
      setting: 'granted',
      origin: news.origin,
    });
    const nativeDispatch = await openNativeDispatch(cdp, scope);
    const native: number[] = [];
    for (let i = 0; i < EVENTS; i += 1) {
      await engine.ensureWorkerRunning(scope);
      const tag = `native-${i}`;
      const sent = preciseNow();
      await send(
        'ServiceWorker.dispatchPeriodicSyncEvent',
        { origin: news.origin, registrationId: nativeDispatch.registrationId, tag },
        nativeDispatch.sessionId,
      );
      native.push((await handlerStart(news, tag, Math.floor(sent))) - sent);
      await sleep(20);
    }
    await nativeDispatch.close();

    const p50 = (values: number[]) => percentile(values, 50);
    const floor = p50(native);
    return [
      { name: `due → core timer fired p50 (${EVENTS} events)`, value: p50(steps.timer), unit: 'ms' },
      { name: 'core: timer → engine.dispatchPeriodicSync p50', value: p50(steps.core), unit: 'ms' },
      { name: 'engine: dispatch → DevTools command sent p50', value: p50(steps.engine), unit: 'ms' },
      { name: 'browser: command sent → handler start p50', value: p50(steps.browser), unit: 'ms' },
      { name: 'browser: command sent → command answered p50', value: p50(steps.answer), unit: 'ms' },
      {
        name: 'warm due → handler p50 (host, total)',
        value: p50(steps.total),
        unit: 'ms',
        target: Math.max(1.5 * floor, 1),
        note: 'target 1.5 × browser floor (≥ 1 ms: clock resolution)',
      },
      { name: 'warm due → handler p95 (host, total)', value: percentile(steps.total, 95), unit: 'ms' },
      {
        name: 'warm dispatch → handler p50 (Chromium native)',
        value: floor,
        unit: 'ms',
        note: 'the browser floor',
      },
      { name: 'round trip: Runtime.evaluate "0" p50', value: p50(plainTrip), unit: 'ms' },
      {
        name: 'round trip: evaluate with the command-line API p50',
        value: p50(commandLineTrip),
        unit: 'ms',
        note: 'getEventListeners(globalThis)',
      },
    ];
  } finally {
    await chromium.close();
    await news.close();
  }
}
