/** `npm run bench`: every benchmark suite, each printed as a table and written to bench/results/*.json. */
import { runChromiumBench } from './chromium.bench.ts';
import { runCoreBench } from './core.bench.ts';
import { report } from './report.ts';

const only = process.argv[2];
if (!only || only === 'core') report('core', await runCoreBench());
if (!only || only === 'chromium') report('chromium', await runChromiumBench());
