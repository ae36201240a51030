import { type CommandNamed, EXIT_OK } from '../command.ts';
import { printResult } from '../output.ts';
import { renderPages } from '../render-pages.ts';
import type { ReadOperations, RunContext } from '../run-command.ts';

/** `pwa-host pages [APP]`: the pages `open` loaded in the serving host, and when each closes by itself. */
export async function runPages(
  command: CommandNamed<'pages'>,
  operations: Pick<ReadOperations, 'pages'>,
  context: RunContext,
): Promise<number> {
  const pages = await operations.pages(command.app === undefined ? {} : { app: command.app });
  printResult(context, pages, (list) => renderPages(list, context.now()));
  return EXIT_OK;
}
