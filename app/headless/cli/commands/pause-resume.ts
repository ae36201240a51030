import { type CommandNamed, EXIT_OK } from '../command.ts';
import { printResult } from '../output.ts';
import type { RunContext, StoreOperations } from '../run-command.ts';
import { terminalLine } from '../terminal-text.ts';

export async function runPauseResume(
  command: CommandNamed<'pause' | 'resume'>,
  operations: Pick<StoreOperations, 'pause' | 'resume'>,
  context: RunContext,
): Promise<number> {
  const app = await (command.name === 'pause'
    ? operations.pause({ app: command.app })
    : operations.resume({ app: command.app }));
  printResult(
    context,
    app,
    ({ name, id, paused }) => terminalLine`${name} (${id}) is ${paused ? 'paused' : 'firing again'}.\n`,
  );
  return EXIT_OK;
}
