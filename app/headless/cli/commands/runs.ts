import { type CommandNamed, EXIT_OK } from '../command.ts';
import { printJson } from '../output.ts';
import { renderRuns } from '../render-runs.ts';
import type { ReadOperations, RunContext } from '../run-command.ts';

/** `runs` without --follow (which follow-runs.ts answers, on a serving host only). */
export async function runRuns(
  command: CommandNamed<'runs'>,
  operations: Pick<ReadOperations, 'runs'>,
  { json, output, now }: RunContext,
): Promise<number> {
  const { name: _, follow: __, ...query } = command;
  const runs = await operations.runs(query);
  if (json) printJson(output, runs);
  else output.out(renderRuns(runs, now()));
  return EXIT_OK;
}
