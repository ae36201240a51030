import { type CommandNamed, EXIT_OK } from '../command.ts';
import { printResult } from '../output.ts';
import type { RunContext, StoreOperations } from '../run-command.ts';
import { terminalLine } from '../terminal-text.ts';

export async function runMuteUnmute(
  command: CommandNamed<'mute' | 'unmute'>,
  operations: Pick<StoreOperations, 'mute' | 'unmute'>,
  context: RunContext,
): Promise<number> {
  const app = await (command.name === 'mute'
    ? operations.mute({ app: command.app })
    : operations.unmute({ app: command.app }));
  printResult(
    context,
    app,
    ({ name, id, notificationsMuted }) =>
      terminalLine`${name} (${id}): notifications ${notificationsMuted ? 'muted (recorded, not shown)' : 'shown'}.\n`,
  );
  return EXIT_OK;
}
