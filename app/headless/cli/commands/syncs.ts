import { type CommandNamed, EXIT_OK } from '../command.ts';
import { printResult } from '../output.ts';
import { renderSyncs } from '../render-syncs.ts';
import type { ReadOperations, RunContext } from '../run-command.ts';

export async function runSyncs(
  command: CommandNamed<'syncs'>,
  operations: Pick<ReadOperations, 'syncs'>,
  context: RunContext,
): Promise<number> {
  const syncs = await operations.syncs(command.app === undefined ? {} : { app: command.app });
  printResult(context, syncs, (rows) => renderSyncs(rows, context.now()));
  return EXIT_OK;
}
