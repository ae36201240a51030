import { type CommandNamed, EXIT_OK } from '../command.ts';
import { printJson } from '../output.ts';
import { renderSyncs } from '../render-syncs.ts';
import type { ReadOperations, RunContext } from '../run-command.ts';

export async function runSyncs(
  command: CommandNamed<'syncs'>,
  operations: Pick<ReadOperations, 'syncs'>,
  { json, output, now }: RunContext,
): Promise<number> {
  const syncs = await operations.syncs(command.app === undefined ? {} : { app: command.app });
  if (json) printJson(output, syncs);
  else output.out(renderSyncs(syncs, now()));
  return EXIT_OK;
}
