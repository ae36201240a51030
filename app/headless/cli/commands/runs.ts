import { type CommandNamed, EXIT_OK } from '../command.ts';
import { printResult } from '../output.ts';
import { renderRuns } from '../render-runs.ts';
import type { ReadOperations, RunContext } from '../run-command.ts';

/** `runs` without --follow (which follow-runs.ts answers, on a serving host only). */
export async function runRuns(
  command: CommandNamed<'runs'>,
  operations: Pick<ReadOperations, 'runs'>,
  context: RunContext,
): Promise<number> {
  const { name: _, follow: __, ...query } = command;
  printResult(context, await operations.runs(query), (runs) => renderRuns(runs, context.now()));
  return EXIT_OK;
}
