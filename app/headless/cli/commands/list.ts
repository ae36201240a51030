import { type CommandNamed, EXIT_OK } from '../command.ts';
import { printJson } from '../output.ts';
import { renderApps } from '../render-apps.ts';
import type { ReadOperations, RunContext } from '../run-command.ts';

export async function runList(
  _command: CommandNamed<'list'>,
  operations: Pick<ReadOperations, 'list'>,
  { json, output }: RunContext,
): Promise<number> {
  const apps = await operations.list();
  if (json) printJson(output, apps);
  else output.out(renderApps(apps));
  return EXIT_OK;
}
