/**
 * Soak: 20 installed apps × 5 periodic syncs at 1 s for BENCH_SOAK_SECONDS (default 180) on one serve host
 * and real headless Chromium, with the browser's process group SIGKILLed at one third and two thirds of
 * the run. Reports runs recorded against the ideal, outcomes, the peak memory of host and browser, and how
 * long the host took to have the browser back and to record a success after each kill.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { ManualConnectivity } from '../app/connectivity/connectivity.ts';
import type { ChromiumEngine } from '../app/engine-chromium/chromium-engine.ts';
import { startServeHost } from '../app/headless/headless-host.ts';
import type { RunRecord } from '../app/store/records.ts';
import { EXTRA_FIXTURE_PORT_BASE, type FixtureServer, serveFixtureApp } from '../test/fixtures/pwa-server.ts';
import { tempProfile } from '../test/helpers/chromium.ts';
import { waitFor } from '../test/helpers/settle.ts';
import { treeMemoryMiB } from './process-memory.ts';
import type { Measurement } from './report.ts';

const APPS = 20;
const TAGS_PER_APP = 5;
const INTERVAL_MS = 1000;
const KILLS = 2;
const DURATION_MS = Number(process.env.BENCH_SOAK_SECONDS ?? 180) * 1000;

interface Recovery {
  /** Kill → the engine reports the browser running again. */
  browserBackMs: number;
  /** Kill → the first successful run that started after the browser was back. */
  firstSuccessMs: number;
}

export async function runSoakBench(): Promise<Measurement[]> {
  const servers: FixtureServer[] = [];
  const data = tempProfile();
  try {
    for (let i = 0; i < APPS; i += 1)
      servers.push(await serveFixtureApp('news', EXTRA_FIXTURE_PORT_BASE + i));
    const served = await startServeHost({
      dataDir: data.dir,
      developerMode: true,
      // Retries at the same pace as the schedule, so a run failed by a kill does not park its registration.
      settings: { minIntervalFloorMs: 0, retryDelaysMs: [INTERVAL_MS, INTERVAL_MS] },
      connectivity: new ManualConnectivity(true),
    });
    const { host, operations } = served;
    const engine = host.engine as ChromiumEngine;
    try {
      const setUpStarted = Date.now();
      const apps = [];
      for (const server of servers)
        apps.push(await operations.install({ url: `${server.origin}/?no-register` }));
      console.error(`installed ${APPS} apps in ${Math.round((Date.now() - setUpStarted) / 1000)} s`);

      const runs: RunRecord[] = [];
      host.core.events.on('run-finished', (run) => runs.push(run));
      let hostRssMaxMiB = 0;
      let browserPssMaxMiB = 0;
      let browserRssMaxMiB = 0;
      const sample = () => {
        hostRssMaxMiB = Math.max(hostRssMaxMiB, process.memoryUsage().rss / 2 ** 20);
        const pid = engine.browserPid;
        if (pid === undefined) return;
        browserPssMaxMiB = Math.max(browserPssMaxMiB, treeMemoryMiB(pid, 'Pss'));
        browserRssMaxMiB = Math.max(browserRssMaxMiB, treeMemoryMiB(pid, 'Rss'));
      };
      const sampler = setInterval(sample, 1000);

      const startedAt = Date.now();
      for (const app of apps) {
        for (let tag = 0; tag < TAGS_PER_APP; tag += 1)
          host.core.register(app.id, `${app.origin}/`, `soak-${tag}`, INTERVAL_MS);
      }
      const recoveries: Recovery[] = [];
      for (let kill = 1; kill <= KILLS; kill += 1) {
        await sleep(Math.max(0, startedAt + (kill * DURATION_MS) / (KILLS + 1) - Date.now()));
        const pid = engine.browserPid;
        if (pid === undefined) throw new Error('the browser was not running when it was to be killed');
        const killedAt = Date.now();
        process.kill(-pid, 'SIGKILL');
        await waitFor('the browser to go', () => engine.state().status !== 'running', 10_000);
        await waitFor('the browser to be back', () => engine.state().status === 'running', 120_000);
        const backAt = Date.now();
        const success = await waitFor(
          'a success after the restart',
          () => runs.find((run) => run.outcome === 'success' && run.startedAt >= backAt),
          120_000,
        );
        recoveries.push({
          browserBackMs: backAt - killedAt,
          firstSuccessMs: (success.endedAt ?? 0) - killedAt,
        });
        console.error(`kill ${kill}: browser back after ${backAt - killedAt} ms`);
      }
      await sleep(Math.max(0, startedAt + DURATION_MS - Date.now()));
      const elapsedMs = Date.now() - startedAt;
      clearInterval(sampler);
      sample();
      for (const app of apps) {
        for (let tag = 0; tag < TAGS_PER_APP; tag += 1) host.core.unregister(`${app.origin}/`, `soak-${tag}`);
      }
      const recorded = runs.filter((run) => run.tag.startsWith('soak-'));
      const count = (outcome: RunRecord['outcome']) =>
        recorded.filter((run) => run.outcome === outcome).length;
      const byKill = recorded.filter((run) => /^The browser exited/.test(run.error ?? '')).length;
      const errors = new Map<string, number>();
      for (const run of recorded) if (run.error) errors.set(run.error, (errors.get(run.error) ?? 0) + 1);
      for (const [error, times] of errors) console.error(`${times} × ${error}`);
      const ideal = Math.floor((APPS * TAGS_PER_APP * elapsedMs) / INTERVAL_MS);
      const seconds = Math.round(elapsedMs / 1000);
      const measurements: Measurement[] = [
        {
          name: `runs recorded (${APPS} apps × ${TAGS_PER_APP} tags at 1 s, ${seconds} s)`,
          value: recorded.length,
          unit: 'runs',
          note: `ideal ${ideal}: every registration every second, no event time, no downtime`,
        },
        {
          name: 'runs recorded / ideal',
          value: (100 * recorded.length) / ideal,
          unit: '%',
          note: `at most ${host.core.settings.maxConcurrentEvents} events at once (the default)`,
        },
        { name: 'runs succeeded', value: count('success'), unit: 'runs' },
        {
          name: 'runs failed by a kill',
          value: byKill,
          unit: 'runs',
          note: 'recorded at once: "The browser exited…"',
        },
        { name: 'runs failed otherwise', value: count('failed') - byKill, unit: 'runs' },
        { name: 'runs timed out', value: count('timed-out'), unit: 'runs' },
        {
          name: 'host max RSS',
          value: hostRssMaxMiB,
          unit: 'MiB',
          note: 'this process: host and fixture servers',
        },
        {
          name: 'browser max PSS (all its processes)',
          value: browserPssMaxMiB,
          unit: 'MiB',
          note: 'sampled every second',
        },
        {
          name: 'browser max RSS (sum over its processes)',
          value: browserRssMaxMiB,
          unit: 'MiB',
          note: 'counts shared pages once per process',
        },
      ];
      recoveries.forEach((recovery, index) => {
        measurements.push(
          { name: `kill ${index + 1}: browser back after`, value: recovery.browserBackMs, unit: 'ms' },
          {
            name: `kill ${index + 1}: first success after`,
            value: recovery.firstSuccessMs,
            unit: 'ms',
            note: 'a run that started after the restart',
          },
        );
      });
      return measurements;
    } finally {
      await served.close();
    }
  } finally {
    await Promise.all(servers.map((server) => server.close()));
    data.remove();
  }
}
