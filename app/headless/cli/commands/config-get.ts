import { type CommandNamed, EXIT_OK } from '../command.ts';
import { printJson } from '../output.ts';
import { renderConfig } from '../render-config.ts';
import type { ReadOperations, RunContext } from '../run-command.ts';
import { terminalLine } from '../terminal-text.ts';

export async function runConfigGet(
  command: CommandNamed<'config-get'>,
  operations: Pick<ReadOperations, 'config'>,
  { json, output }: RunContext,
): Promise<number> {
  const entries = await operations.config();
  const shown = command.key === undefined ? entries : entries.filter((entry) => entry.key === command.key);
  if (json) printJson(output, command.key === undefined ? shown : shown[0]);
  else if (command.key === undefined) output.out(renderConfig(shown));
  else output.out(terminalLine`${shown[0]?.value ?? ''}\n`);
  return EXIT_OK;
}
