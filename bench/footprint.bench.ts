/**
 * `npm run bench -- footprint`: issue 18's table in one run, each row beside its floor. The serving host's
 * RSS while idle (from the installed npm package and from this checkout) beside bare Node's; the browser's
 * PSS, start and browser-cold due → handler for full Chromium beside chromium-headless-shell (the on-demand
 * suite's measurement, once per binary); register + unregister as the core suite counts it, and as CPU
 * time (write-path), which the machine's load does not move. The CLI rows are the cli suite's: when it ran
 * earlier in the same `npm run bench`, its figures are copied in; alone, this suite says where they are.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findChromium } from '../app/engine-chromium/find-chromium.ts';
import { BIN } from '../test/cli/helpers/run-cli.ts';
import { startFixtureServer } from '../test/fixtures/pwa-server.ts';
import { packAndInstall } from '../test/packaging/helpers/npm-package.ts';
import { measureThroughput } from './core.bench.ts';
import { bareNodeRssMiB, idleServeRssMiB } from './idle-host.ts';
import { runOnDemandBench } from './on-demand.bench.ts';
import type { Measurement } from './report.ts';
import { runWritePathBench } from './write-path.bench.ts';

/** Issue 18's goal for the idle host, and the figure it is held at. */
const IDLE_TARGET_MIB = 64;
const IDLE_HELD_MIB = 75;
const FULL_CHROMIUM = '/usr/lib/chromium/chromium';
const HEADLESS_SHELL = '/usr/lib/chromium/chromium-headless-shell';

/** The measurement of `suite` whose name starts with `prefix`. */
function pick(measurements: Measurement[], prefix: string): Measurement {
  const found = measurements.find((measurement) => measurement.name.startsWith(prefix));
  if (!found) throw new Error(`no measurement "${prefix}…"`);
  return found;
}

/** The cli suite's rows for `list` (issue 18's CLI rows), or a row saying how to get them. */
function cliRows(earlier: ReadonlyMap<string, Measurement[]>): Measurement[] {
  const cli = earlier.get('cli');
  if (!cli) {
    return [
      {
        name: 'CLI rows (pwa-host list from the package and the checkout)',
        value: Number.NaN,
        unit: '',
        note: 'not measured in this run: they are the cli suite’s (npm run bench, or npm run bench -- cli)',
      },
    ];
  }
  const floor = pick(cli, 'node -e 0');
  return cli
    .filter((row) => row.name.startsWith('list · '))
    .map((row) => ({
      ...row,
      name: `pwa-host ${row.name}`,
      note: `floor node -e 0: ${Math.round(floor.value)} ms; ${row.note ?? ''}`,
    }));
}

export async function runFootprintBench(
  earlier: ReadonlyMap<string, Measurement[]> = new Map(),
): Promise<Measurement[]> {
  const rows: Measurement[] = [];
  const work = mkdtempSync(join(tmpdir(), 'pwa-host-bench-footprint-'));
  const news = await startFixtureServer('news');
  try {
    const floor = await bareNodeRssMiB();
    const installed = await packAndInstall(work);
    const browser = findChromium(undefined);
    const idleNote = (from: string) =>
      `${from}; floor node -e 0: ${floor.toFixed(1)} MiB; held at ≤ ${IDLE_HELD_MIB}; browser ${browser.kind}`;
    rows.push({ name: 'node -e 0 RSS (the floor)', value: floor, unit: 'MiB' });
    for (const [from, launcher] of [
      ['npm package', { command: installed.pwaHost, env: { ...process.env, ...installed.env } }],
      ['checkout (bin/pwa-host)', { command: BIN, env: process.env }],
    ] as const) {
      rows.push({
        name: `idle serve RSS, browser stopped, one app · ${from}`,
        value: await idleServeRssMiB(launcher, `${news.origin}/`),
        unit: 'MiB',
        target: IDLE_TARGET_MIB,
        note: idleNote(from),
      });
    }
  } finally {
    await news.close();
    rmSync(work, { recursive: true, force: true });
  }

  // The browser rows: the on-demand suite's figures for each binary (one app's worker, browser kept).
  const byBinary = new Map<string, Measurement[]>();
  for (const executable of [HEADLESS_SHELL, FULL_CHROMIUM])
    byBinary.set(executable, await runOnDemandBench(executable));
  for (const [label, prefix] of [
    ['browser PSS, one app’s worker, browser kept', 'idle: browser PSS, browser kept running'],
    ['browser start', 'browser start p50'],
    ['browser-cold due → handler p50', 'browser-cold due → handler p50'],
  ] as const) {
    const shell = pick(byBinary.get(HEADLESS_SHELL) ?? [], prefix);
    const full = pick(byBinary.get(FULL_CHROMIUM) ?? [], prefix);
    rows.push({
      name: `${label} · chromium`,
      value: full.value,
      unit: full.unit,
      note: `floor chromium-headless-shell: ${shell.value.toFixed(0)} ${shell.unit}`,
    });
    rows.push({
      name: `${label} · chromium-headless-shell (the host's default)`,
      value: shell.value,
      unit: shell.unit,
    });
  }

  rows.push({
    name: 'register + unregister (the core suite’s wall-clock count)',
    value: await measureThroughput(),
    unit: 'ops/s',
    target: 20_000,
    higherIsBetter: true,
    note: 'floor: 20.0k ops/s (issue 18, early December); moves with the machine’s load',
  });
  const writePath = earlier.get('write-path') ?? (await runWritePathBench());
  rows.push({
    ...pick(writePath, 'core: register + unregister, as ops/s of one core'),
    name: 'register + unregister per CPU second (write-path)',
  });
  rows.push(...cliRows(earlier));
  return rows;
}
