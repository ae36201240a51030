/**
 * One app floods the host while another's two-second task runs every three seconds: a page loops
 * `new Notification()` for BENCH_FLOOD_SECONDS (20 by default, as in the attack that found it), and the
 * steady app's runs that start in the flood or the ten seconds after are measured — how late each started
 * (after its due time: the previous run's end plus the interval) and how much longer than two seconds the
 * host saw it take — with what the flood made, what the host recorded of it, and the host's RSS.
 */

import { testLogger } from '../test/helpers/chromium.ts';
import { floodScenario } from '../test/helpers/flood-scenario.ts';
import type { Measurement } from './report.ts';

const FLOOD_SECONDS = Number(process.env.BENCH_FLOOD_SECONDS ?? 20);
const INTERVAL_MS = 3000;
const TASK_MS = 2000;

export async function runFloodBench(): Promise<Measurement[]> {
  const scenario = await floodScenario(testLogger, { taskMs: TASK_MS, intervalMs: INTERVAL_MS });
  try {
    const { host, steady, flooder } = scenario;
    let recorded = 0;
    host.notifications.events.on('notification-shown', (record) => {
      if (record.appId === flooder.id) recorded += 1;
    });
    const rssBefore = process.memoryUsage().rss;
    let rssMax = rssBefore;
    const sampler = setInterval(() => {
      rssMax = Math.max(rssMax, process.memoryUsage().rss);
    }, 250);
    const floodStart = Date.now();
    const made = await scenario.flood(FLOOD_SECONDS);
    const handledAt = Date.now();
    await new Promise((resolve) => setTimeout(resolve, 10_000));
    clearInterval(sampler);
    const runs = host.store.runs
      .list({ appId: steady.id })
      .filter((run) => run.endedAt !== null)
      .sort((a, b) => a.startedAt - b.startedAt);
    const lateness: number[] = [];
    const overrun: number[] = [];
    for (const [index, run] of runs.entries()) {
      const previous = runs[index - 1];
      if (!previous?.endedAt || run.startedAt < floodStart) continue;
      lateness.push(run.startedAt - (previous.endedAt + INTERVAL_MS));
      overrun.push((run.durationMs ?? 0) - TASK_MS);
    }
    const max = (values: number[]) => (values.length === 0 ? Number.NaN : Math.max(...values));
    const note = `${lateness.length} runs measured; flood ${FLOOD_SECONDS} s, all calls handled ${((handledAt - floodStart) / 1000).toFixed(1)} s after it began`;
    return [
      { name: 'steady task start lateness, max', value: max(lateness), unit: 'ms', note },
      { name: 'steady task overrun (host-seen duration − 2 s), max', value: max(overrun), unit: 'ms' },
      { name: 'flood calls made by the page', value: made, unit: 'calls' },
      { name: 'flood notifications recorded by the host', value: recorded, unit: 'records' },
      {
        name: 'host RSS growth during the flood (max)',
        value: Math.round((rssMax - rssBefore) / 2 ** 20),
        unit: 'MiB',
      },
    ];
  } finally {
    await scenario.close();
  }
}
