import { formatRelativeTime } from '../../../base/format-relative-time.ts';
import type { OpenedPage } from '../../../host/host-operations.ts';
import { type CommandNamed, EXIT_OK } from '../command.ts';
import { printResult } from '../output.ts';
import type { CliOperations, RunContext } from '../run-command.ts';
import { terminalLine } from '../terminal-text.ts';

export async function runOpen(
  command: CommandNamed<'open'>,
  operations: Pick<CliOperations, 'open'>,
  context: RunContext,
): Promise<number> {
  const { name: _, ...where } = command;
  const page = await operations.open(where);
  printResult(context, page, (opened) => openedLines(opened, context));
  return EXIT_OK;
}

/** What was opened, the HTTP status it answered with, and how long it stays. */
function openedLines(page: OpenedPage, context: RunContext): string {
  const status = page.status === null ? '' : ` (HTTP ${page.status})`;
  const opened = terminalLine`Opened ${page.url}${status} as page ${page.id}.`;
  // A host of this command's own keeps the page while the command runs; execute.ts says so.
  if (context.temporaryHost) return `${opened}\n`;
  const close = terminalLine`\`pwa-host close ${page.id}\``;
  return page.closesAt === null
    ? `${opened} It stays open until ${close} (browser-idle is off).\n`
    : `${opened} It closes by itself ${formatRelativeTime(page.closesAt, context.now())} (the browser-idle time); ${close} closes it now.\n`;
}
