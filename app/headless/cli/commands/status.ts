import { type CommandNamed, EXIT_OK } from '../command.ts';
import { printJson } from '../output.ts';
import { renderStatus } from '../render-status.ts';
import type { ReadOperations, RunContext } from '../run-command.ts';

export async function runStatus(
  _command: CommandNamed<'status'>,
  operations: Pick<ReadOperations, 'status'>,
  { json, output, now }: RunContext,
): Promise<number> {
  const status = await operations.status();
  if (json) printJson(output, status);
  else output.out(renderStatus(status, now()));
  return EXIT_OK;
}
