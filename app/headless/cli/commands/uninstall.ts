import { type CommandNamed, EXIT_OK } from '../command.ts';
import { printResult } from '../output.ts';
import type { CliOperations, RunContext } from '../run-command.ts';
import { terminalLine } from '../terminal-text.ts';

export async function runUninstall(
  command: CommandNamed<'uninstall'>,
  operations: Pick<CliOperations, 'uninstall'>,
  context: RunContext,
): Promise<number> {
  const app = await operations.uninstall({ app: command.app });
  printResult(context, app, ({ name, id }) => terminalLine`Uninstalled ${name} (${id}).\n`);
  return EXIT_OK;
}
