import { type CommandNamed, EXIT_OK } from '../command.ts';
import { printResult } from '../output.ts';
import { renderNotifications } from '../render-notifications.ts';
import type { ReadOperations, RunContext } from '../run-command.ts';

export async function runNotifications(
  command: CommandNamed<'notifications'>,
  operations: Pick<ReadOperations, 'notifications'>,
  context: RunContext,
): Promise<number> {
  const { name: _, ...query } = command;
  const notifications = await operations.notifications(query);
  printResult(context, notifications, (rows) => renderNotifications(rows, context.now()));
  return EXIT_OK;
}
