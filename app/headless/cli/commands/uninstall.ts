import { type CommandNamed, EXIT_OK } from '../command.ts';
import { printJson } from '../output.ts';
import type { CliOperations, RunContext } from '../run-command.ts';
import { terminalLine } from '../terminal-text.ts';

export async function runUninstall(
  command: CommandNamed<'uninstall'>,
  operations: Pick<CliOperations, 'uninstall'>,
  { json, output }: RunContext,
): Promise<number> {
  const app = await operations.uninstall({ app: command.app });
  if (json) printJson(output, app);
  else output.out(terminalLine`Uninstalled ${app.name} (${app.id}).\n`);
  return EXIT_OK;
}
