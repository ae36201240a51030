import { type CommandNamed, EXIT_OK } from '../command.ts';
import { printResult } from '../output.ts';
import { renderAlerts } from '../render-notifications.ts';
import type { ReadOperations, RunContext } from '../run-command.ts';

export async function runAlerts(
  _command: CommandNamed<'alerts'>,
  operations: Pick<ReadOperations, 'alerts'>,
  context: RunContext,
): Promise<number> {
  printResult(context, await operations.alerts(), (alerts) => renderAlerts(alerts, context.now()));
  return EXIT_OK;
}
