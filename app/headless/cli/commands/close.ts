import { HostError } from '../../../base/errors.ts';
import type { OpenedPage } from '../../../host/host-operations.ts';
import { type CommandNamed, EXIT_OK } from '../command.ts';
import { printResult } from '../output.ts';
import type { CliOperations, RunContext } from '../run-command.ts';
import { terminalLine } from '../terminal-text.ts';

/** `pwa-host close PAGE`: closes the page with that id, or else every open page of the app it names. */
export async function runClose(
  command: CommandNamed<'close'>,
  operations: Pick<CliOperations, 'pages' | 'closePage'>,
  context: RunContext,
): Promise<number> {
  const byId = (await operations.pages()).filter((page) => page.id === command.page);
  const closing = byId.length > 0 ? byId : await pagesOfApp(operations, command.page);
  for (const page of closing) await operations.closePage({ id: page.id });
  printResult(context, closing, (closed) => closed.map(closedLine).join(''));
  return EXIT_OK;
}

async function pagesOfApp(operations: Pick<CliOperations, 'pages'>, app: string): Promise<OpenedPage[]> {
  let pages: OpenedPage[] = [];
  try {
    pages = await operations.pages({ app });
  } catch (error) {
    if (!(error instanceof HostError && error.code === 'app-not-found')) throw error;
  }
  if (pages.length === 0)
    throw new HostError('page-not-found', `No open page has the id ${app}, nor is one of an app so named.`);
  return pages;
}

function closedLine(page: OpenedPage): string {
  return terminalLine`Closed page ${page.id} (${page.appName}: ${page.url}).\n`;
}
