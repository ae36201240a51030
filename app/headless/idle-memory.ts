import type { Engine } from '../engine/engine-port.ts';
import type { Logger } from '../logging/logger.ts';

/**
 * How long after the browser stopped for being idle the host collects: the stop's own work (the pipe's
 * last messages, the exit, the state listeners) is garbage by then.
 */
const SETTLE_MS = 2000;

/** V8's `gc()`, which `--expose-gc` (one of serve's flags) puts on the global object. */
type CollectGarbage = (options: { type: 'major'; execution: 'sync'; flavor: 'last-resort' }) => void;

const MIB = 2 ** 20;
const inMiB = (bytes: number) => Math.round((bytes / MIB) * 10) / 10;

/**
 * Once the browser stops for being idle, the host has nothing to do until the next due time, often hours:
 * one memory-reducing collection then (V8's last-resort flavour: full, compacting, shrinking the young
 * generation) hands back what start-up and the browser's session left behind. V8's own memory reducer
 * starts only from a collection, and an idle host allocates too little to cause one. Measured on the idle host with one app: about 4 MiB of
 * RSS (docs/benchmarks.md). Returns the function that stops it; does nothing where `gc` is not exposed
 * (serve started without its flags, on Windows) or the engine has no idle stop.
 */
export function collectWhenBrowserIdles(engine: Pick<Engine, 'onStateChange'>, logger: Logger): () => void {
  const collect = (globalThis as { gc?: CollectGarbage }).gc;
  if (typeof collect !== 'function' || !engine.onStateChange) return () => {};
  let timer: NodeJS.Timeout | undefined;
  const unsubscribe = engine.onStateChange((state) => {
    clearTimeout(timer);
    if (state.status !== 'stopped') return;
    timer = setTimeout(() => {
      const before = process.memoryUsage();
      collect({ type: 'major', execution: 'sync', flavor: 'last-resort' });
      const after = process.memoryUsage();
      logger.info(
        {
          heapUsedMiB: [inMiB(before.heapUsed), inMiB(after.heapUsed)],
          heapTotalMiB: [inMiB(before.heapTotal), inMiB(after.heapTotal)],
          rssMiB: [inMiB(before.rss), inMiB(after.rss)],
        },
        'memory collected: the browser stopped for being idle',
      );
    }, SETTLE_MS);
    timer.unref();
  });
  return () => {
    unsubscribe();
    clearTimeout(timer);
  };
}
