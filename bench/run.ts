/** `npm run bench`: every benchmark suite, each printed as a table and written to bench/results/*.json. */
import { runCoreBench } from './core.bench.ts';
import { report } from './report.ts';

report('core', await runCoreBench());
