/**
 * `npm run bench [suite]`: the core, chromium and on-demand suites by default, each printed as a table and written to
 * bench/results/<suite>.json. `npm run bench -- soak` runs the soak alone (3 minutes plus set-up; the
 * length is BENCH_SOAK_SECONDS).
 */
import { runChromiumBench } from './chromium.bench.ts';
import { runCoreBench } from './core.bench.ts';
import { runNotificationsBench } from './notifications.bench.ts';
import { runOnDemandBench } from './on-demand.bench.ts';
import { report } from './report.ts';
import { runSoakBench } from './soak.bench.ts';

const only = process.argv[2];
if (!only || only === 'core') report('core', await runCoreBench());
if (!only || only === 'chromium') report('chromium', await runChromiumBench());
if (!only || only === 'on-demand') report('on-demand', await runOnDemandBench());
if (only === 'soak') report('soak', await runSoakBench());
if (only === 'notifications') report('notifications', await runNotificationsBench());
