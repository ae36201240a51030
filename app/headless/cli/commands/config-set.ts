import { type CommandNamed, EXIT_OK } from '../command.ts';
import { printResult } from '../output.ts';
import type { RunContext, StoreOperations } from '../run-command.ts';
import { terminalLine } from '../terminal-text.ts';

export async function runConfigSet(
  command: CommandNamed<'config-set'>,
  operations: Pick<StoreOperations, 'configSet'>,
  context: RunContext,
): Promise<number> {
  const entry = await operations.configSet({ key: command.key, value: command.value });
  printResult(context, entry, ({ key, value }) => terminalLine`${key} = ${value}\n`);
  return EXIT_OK;
}
