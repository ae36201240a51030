import type { AppPage } from '../../app/engine/browser-pages.ts';
import type { Host } from '../../app/host/create-host.ts';
import type { Logger } from '../../app/logging/logger.ts';
import type { AppRecord } from '../../app/store/records.ts';
import { startFixtureServer } from '../fixtures/pwa-server.ts';
import { openWithWorker } from './chromium.ts';
import { startChromiumHost } from './chromium-host.ts';
import { waitFor } from './settle.ts';

/** One app whose task must stay on time while another app's page floods the host (finding 17). */
export interface FloodScenario {
  host: Host;
  steady: AppRecord;
  flooder: AppRecord;
  floodPage: AppPage;
  /** Makes `new Notification()` in a loop for `seconds`; resolves with how many once all are handled. */
  flood(seconds: number): Promise<number>;
  close(): Promise<void>;
}

/**
 * A real host on real Chromium with two fixture apps: "Steady" runs a two-second task (`slow-<taskMs>`)
 * every `intervalMs`, and has run it once; "Flooder" has a page open, ready to flood.
 */
export async function floodScenario(
  logger: Logger,
  task: { taskMs: number; intervalMs: number },
): Promise<FloodScenario> {
  const news = await startFixtureServer('news');
  const mail = await startFixtureServer('mail');
  const chromium = await startChromiumHost({}, {}, { logger });
  const { host, engine } = chromium;
  const steady = chromium.recordApp(news.origin, 'Steady');
  const flooder = chromium.recordApp(mail.origin, 'Flooder');
  const steadyPage = await openWithWorker(engine, `${news.origin}/?no-register`);
  const floodPage = await openWithWorker(engine, `${mail.origin}/?no-register`);
  await steadyPage.evaluate(`navigator.serviceWorker.ready.then((registration) =>
    registration.periodicSync.register('slow-${task.taskMs}', { minInterval: ${task.intervalMs} }))`);
  await waitFor(
    'the steady app’s first run to end',
    () => host.store.runs.list({ appId: steady.id }).some((run) => run.endedAt !== null),
    30_000,
  );
  return {
    host,
    steady,
    flooder,
    floodPage,
    async flood(seconds) {
      const made = await floodPage.evaluate<number>(`(() => {
        const end = Date.now() + ${seconds * 1000};
        let made = 0;
        while (Date.now() < end) { new Notification('flood ' + made); made++; }
        return made;
      })()`);
      // The page's calls are answered after its loop: a round trip after them means all were handled.
      await floodPage.evaluate('Notification.requestPermission()');
      return made;
    },
    async close() {
      await steadyPage.close();
      await floodPage.close();
      await chromium.close();
      await news.close();
      await mail.close();
    },
  };
}
