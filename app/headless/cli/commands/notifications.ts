import { type CommandNamed, EXIT_OK } from '../command.ts';
import { printJson } from '../output.ts';
import { renderNotifications } from '../render-notifications.ts';
import type { ReadOperations, RunContext } from '../run-command.ts';

export async function runNotifications(
  command: CommandNamed<'notifications'>,
  operations: Pick<ReadOperations, 'notifications'>,
  { json, output, now }: RunContext,
): Promise<number> {
  const { name: _, ...query } = command;
  const notifications = await operations.notifications(query);
  if (json) printJson(output, notifications);
  else output.out(renderNotifications(notifications, now()));
  return EXIT_OK;
}
