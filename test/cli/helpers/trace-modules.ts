import { writeFileSync } from 'node:fs';
import { registerHooks } from 'node:module';

/**
 * Loaded with `node --import` into a CLI process under test: records the URL of every module the process
 * loads, in order, and writes them one a line to the file PWA_TEST_MODULE_TRACE names when it exits.
 */
const traceFile = process.env.PWA_TEST_MODULE_TRACE;
if (traceFile === undefined) throw new Error('trace-modules.ts needs PWA_TEST_MODULE_TRACE');
const loaded: string[] = [];
registerHooks({
  load(url, context, nextLoad) {
    loaded.push(url);
    return nextLoad(url, context);
  },
});
process.on('exit', () => writeFileSync(traceFile, `${loaded.join('\n')}\n`));
