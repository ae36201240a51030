import { type CommandNamed, EXIT_OK } from '../command.ts';
import { printResult } from '../output.ts';
import type { CliOperations, RunContext } from '../run-command.ts';
import { terminalLine } from '../terminal-text.ts';

export async function runOpen(
  command: CommandNamed<'open'>,
  operations: Pick<CliOperations, 'open'>,
  context: RunContext,
): Promise<number> {
  const { name: _, ...where } = command;
  const page = await operations.open(where);
  printResult(context, page, ({ url, id }) => terminalLine`Opened ${url} (page ${id}).\n`);
  return EXIT_OK;
}
