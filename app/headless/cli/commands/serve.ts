import type { Logger } from '../../../logging/logger.ts';
import { EXIT_FAILED, EXIT_OK, type GlobalOptions, type ServeCommand } from '../command.ts';
import { commandLogger } from '../command-logger.ts';
import { printJson } from '../output.ts';
import { renderRuns } from '../render-runs.ts';
import type { RunContext } from '../run-command.ts';
import { serve } from '../serve.ts';
import { restartWithServingFlags } from '../serving-process.ts';
import { stopSignal } from '../stop-signal.ts';

/** `pwa-host serve`: the host in the foreground until SIGINT or SIGTERM; `--run-due` fires what is due and exits. */
export async function runServe(
  command: ServeCommand,
  options: GlobalOptions,
  context: RunContext,
): Promise<number> {
  if (!command.runDue) await restartWithServingFlags();
  // A person at a terminal reads what the host does as sentences (warnings among them); the JSON log of
  // every info line goes to the log file, and to stderr where no person reads it.
  const person = context.output.errIsTerminal === true && !context.json && !command.runDue;
  const logger = commandLogger(options.dataDir, context, person ? 'warn' : 'info');
  if (command.runDue) return runDue(command, options, context, logger);
  const { startServeHost } = await import('../../headless-host.ts');
  const stopRequested = stopSignal(() => {
    logger.error({}, 'the host did not stop in time; exiting anyway');
    process.exit(EXIT_FAILED);
  });
  const narrate = person ? (await import('../serve-narration.ts')).narrateServing : undefined;
  await serve(command, options, {
    startServeHost,
    logger,
    stopRequested,
    ...(narrate ? { narrate: (operations) => narrate(operations, context.output) } : {}),
  });
  if (person) context.output.err('Stopped.\n');
  return EXIT_OK;
}

/**
 * What the OS wake-up runs: fire what is due, leave the next wake-up, exit. An app's task that failed is
 * the app's outcome, recorded in `runs` and `alerts` and retried by its policy: the run itself did its job
 * and exits 0, so the OS does not mark the wake-up failed. Only a host that could not run (no browser, a
 * locked or broken store) exits non-zero, through the thrown error.
 */
async function runDue(
  command: ServeCommand,
  options: GlobalOptions,
  context: RunContext,
  logger: Logger,
): Promise<number> {
  const { runDueAndStop } = await import('../../headless-host.ts');
  const floor = command.minIntervalFloorMs;
  const runs = await runDueAndStop({
    dataDir: options.dataDir,
    logger,
    ...(command.chromiumPath === undefined ? {} : { chromiumPath: command.chromiumPath }),
    ...(floor === undefined ? {} : { settings: { minIntervalFloorMs: floor }, developerMode: floor === 0 }),
  });
  logger.info({ runs: runs.length }, 'ran what was due');
  if (context.json) printJson(context.output, runs);
  else context.output.out(renderRuns(runs, context.now()));
  return EXIT_OK;
}
