import { type CommandNamed, EXIT_OK } from '../command.ts';
import { printJson } from '../output.ts';
import type { RunContext, StoreOperations } from '../run-command.ts';
import { terminalLine } from '../terminal-text.ts';

export async function runConfigSet(
  command: CommandNamed<'config-set'>,
  operations: Pick<StoreOperations, 'configSet'>,
  { json, output }: RunContext,
): Promise<number> {
  const entry = await operations.configSet({ key: command.key, value: command.value });
  if (json) printJson(output, entry);
  else output.out(terminalLine`${entry.key} = ${entry.value}\n`);
  return EXIT_OK;
}
