import { type CommandNamed, EXIT_OK } from '../command.ts';
import { printJson } from '../output.ts';
import type { RunContext, StoreOperations } from '../run-command.ts';
import { terminalLine } from '../terminal-text.ts';

export async function runMuteUnmute(
  command: CommandNamed<'mute' | 'unmute'>,
  operations: Pick<StoreOperations, 'mute' | 'unmute'>,
  { json, output }: RunContext,
): Promise<number> {
  const app = await (command.name === 'mute'
    ? operations.mute({ app: command.app })
    : operations.unmute({ app: command.app }));
  if (json) printJson(output, app);
  else
    output.out(
      terminalLine`${app.name} (${app.id}): notifications ${app.notificationsMuted ? 'muted (recorded, not shown)' : 'shown'}.\n`,
    );
  return EXIT_OK;
}
