/**
 * Notifications end to end on a private session bus with the notification server stand-in: a periodicsync
 * handler's showNotification until the server has the Notify call (the event's dispatch included), and a
 * click until the worker's notificationclick handler runs, with its worker running (warm) and stopped
 * (cold: the host starts it first).
 */
import { startFixtureServer } from '../test/fixtures/pwa-server.ts';
import { openWithWorker } from '../test/helpers/chromium.ts';
import { waitFor } from '../test/helpers/settle.ts';
import { startChromiumHostOnBus } from '../test/notifications/helpers/chromium-host-on-bus.ts';
import { type Measurement, percentile } from './report.ts';

const SAMPLES = Number(process.env.BENCH_NOTIFICATION_SAMPLES ?? 10);

export async function runNotificationsBench(): Promise<Measurement[]> {
  const stops: (() => void)[] = [];
  const cleanup = (stop: () => void) => {
    stops.push(stop);
  };
  const news = await startFixtureServer('news');
  const { chromium, server } = await startChromiumHostOnBus(cleanup);
  const { host, engine } = chromium;
  try {
    const scope = `${news.origin}/`;
    const app = chromium.recordApp(news.origin, 'Fixture News');
    (await openWithWorker(engine, `${news.origin}/?no-register`)).close();
    host.core.register(app.id, scope, 'notify', 24 * 60 * 60_000);
    const toNotify: number[] = [];
    const clickWarm: number[] = [];
    const clickCold: number[] = [];
    const clickEvents = () => news.requests.filter((request) => request.path === '/notification-event');
    for (let i = 0; i < SAMPLES; i += 1) {
      for (const [cold, samples] of [
        [false, clickWarm],
        [true, clickCold],
      ] as const) {
        const shownBefore = server.notifies().length;
        const started = Date.now();
        await host.core.runNow(scope, 'notify');
        const call = await server.nthNotify(shownBefore + 1);
        toNotify.push(call.at - started);
        if (cold) await engine.stopWorker(scope);
        else await engine.ensureWorkerRunning(scope);
        const seen = clickEvents().length;
        const clickedAt = Date.now();
        await server.click(call.id, 'default');
        const event = await waitFor('notificationclick', () => clickEvents()[seen], 30_000);
        samples.push(event.at - clickedAt);
      }
    }
    const row = (name: string, values: number[], note: string): Measurement[] => [
      { name: `${name} p50`, value: percentile(values, 50), unit: 'ms', note },
      { name: `${name} p95`, value: percentile(values, 95), unit: 'ms' },
    ];
    return [
      ...row(
        'run → Notify on the bus',
        toNotify,
        `${toNotify.length} runs: dispatch, showNotification, gdbus`,
      ),
      ...row('click → notificationclick (warm)', clickWarm, 'ActionInvoked → the handler fetches'),
      ...row('click → notificationclick (cold worker)', clickCold, 'the worker started first'),
    ];
  } finally {
    await chromium.close();
    await news.close();
    for (const stop of stops.reverse()) stop();
  }
}
