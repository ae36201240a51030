import { type CommandNamed, EXIT_OK } from '../command.ts';
import { printJson } from '../output.ts';
import { renderAlerts } from '../render-notifications.ts';
import type { ReadOperations, RunContext } from '../run-command.ts';

export async function runAlerts(
  _command: CommandNamed<'alerts'>,
  operations: Pick<ReadOperations, 'alerts'>,
  { json, output, now }: RunContext,
): Promise<number> {
  const alerts = await operations.alerts();
  if (json) printJson(output, alerts);
  else output.out(renderAlerts(alerts, now()));
  return EXIT_OK;
}
