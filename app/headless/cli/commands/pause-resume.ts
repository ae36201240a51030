import { type CommandNamed, EXIT_OK } from '../command.ts';
import { printJson } from '../output.ts';
import type { RunContext, StoreOperations } from '../run-command.ts';
import { terminalLine } from '../terminal-text.ts';

export async function runPauseResume(
  command: CommandNamed<'pause' | 'resume'>,
  operations: Pick<StoreOperations, 'pause' | 'resume'>,
  { json, output }: RunContext,
): Promise<number> {
  const app = await (command.name === 'pause'
    ? operations.pause({ app: command.app })
    : operations.resume({ app: command.app }));
  if (json) printJson(output, app);
  else output.out(terminalLine`${app.name} (${app.id}) is ${app.paused ? 'paused' : 'firing again'}.\n`);
  return EXIT_OK;
}
