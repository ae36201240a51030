import { type CommandNamed, EXIT_OK } from '../command.ts';
import { printResult } from '../output.ts';
import { renderApps } from '../render-apps.ts';
import type { ReadOperations, RunContext } from '../run-command.ts';

export async function runList(
  _command: CommandNamed<'list'>,
  operations: Pick<ReadOperations, 'list'>,
  context: RunContext,
): Promise<number> {
  printResult(context, await operations.list(), renderApps);
  return EXIT_OK;
}
