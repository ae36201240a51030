import { type CommandNamed, EXIT_OK } from '../command.ts';
import { printResult } from '../output.ts';
import { renderStatus } from '../render-status.ts';
import type { ReadOperations, RunContext } from '../run-command.ts';

export async function runStatus(
  _command: CommandNamed<'status'>,
  operations: Pick<ReadOperations, 'status'>,
  context: RunContext,
): Promise<number> {
  printResult(context, await operations.status(), (status) => renderStatus(status, context.now()));
  return EXIT_OK;
}
