import { type CommandNamed, EXIT_OK } from '../command.ts';
import { printJson } from '../output.ts';
import type { CliOperations, RunContext } from '../run-command.ts';
import { terminalLine } from '../terminal-text.ts';

export async function runOpen(
  command: CommandNamed<'open'>,
  operations: Pick<CliOperations, 'open'>,
  { json, output }: RunContext,
): Promise<number> {
  const { name: _, ...where } = command;
  const page = await operations.open(where);
  if (json) printJson(output, page);
  else output.out(terminalLine`Opened ${page.url} (page ${page.id}).\n`);
  return EXIT_OK;
}
