/**
 * `npm run bench [suite]`: the core, chromium, on-demand, cli, write-path and footprint suites by default,
 * each printed as a table and written to bench/results/<suite>.json. `npm run bench -- cli` times the CLI's
 * read-only commands beside bare Node's start-up; `-- write-path` what register and unregister cost,
 * statement by statement, in CPU time; `-- footprint` issue 18's table (idle host RSS, browser PSS and start
 * for both binaries, register + unregister, the CLI rows) beside its floors. `npm run bench -- warm-path`
 * breaks the warm "due → handler" time into its steps; `npm run bench -- soak` runs the soak alone (3
 * minutes plus set-up; the length is BENCH_SOAK_SECONDS); `npm run bench -- notifications` the notifications
 * end to end; `npm run bench -- one-off` one-off Background Sync beside Chromium's own dispatch. Each suite's
 * module loads only when it runs, so the core's heap figure holds the core, not the browser benches' code.
 */
import { type Measurement, report } from './report.ts';

/** A suite, given what the suites before it measured in this run (the footprint table reuses them). */
type Suite = (earlier: ReadonlyMap<string, Measurement[]>) => Promise<Measurement[]>;

const SUITES: Record<string, Suite> = {
  core: async () => (await import('./core.bench.ts')).runCoreBench(),
  chromium: async () => (await import('./chromium.bench.ts')).runChromiumBench(),
  'on-demand': async () => (await import('./on-demand.bench.ts')).runOnDemandBench(),
  'warm-path': async () => (await import('./warm-path.bench.ts')).runWarmPathBench(),
  soak: async () => (await import('./soak.bench.ts')).runSoakBench(),
  notifications: async () => (await import('./notifications.bench.ts')).runNotificationsBench(),
  'one-off': async () => (await import('./one-off.bench.ts')).runOneOffBench(),
  flood: async () => (await import('./flood.bench.ts')).runFloodBench(),
  cli: async () => (await import('./cli.bench.ts')).runCliBench(),
  'write-path': async () => (await import('./write-path.bench.ts')).runWritePathBench(),
  footprint: async (earlier) => (await import('./footprint.bench.ts')).runFootprintBench(earlier),
};
const DEFAULT_SUITES = ['core', 'chromium', 'on-demand', 'cli', 'write-path', 'footprint'];

const only = process.argv[2];
if (only !== undefined && !(only in SUITES)) {
  console.error(`No bench suite "${only}"; the suites are: ${Object.keys(SUITES).join(', ')}.`);
  process.exit(2);
}
const measured = new Map<string, Measurement[]>();
for (const suite of only === undefined ? DEFAULT_SUITES : [only]) {
  const run = SUITES[suite];
  if (!run) continue;
  const measurements = await run(measured);
  measured.set(suite, measurements);
  report(suite, measurements);
}
