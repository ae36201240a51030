import type { InstallProgress } from '../../../host/host-operations.ts';
import { type CommandNamed, EXIT_OK } from '../command.ts';
import { printJson } from '../output.ts';
import type { CliOperations, RunContext } from '../run-command.ts';
import { terminalLine } from '../terminal-text.ts';

export async function runInstall(
  command: CommandNamed<'install'>,
  operations: Pick<CliOperations, 'install'>,
  { json, output }: RunContext,
): Promise<number> {
  const app = await operations.install(
    { url: command.url },
    { onProgress: (progress) => output.err(progressLine(progress)) },
  );
  if (json) printJson(output, app);
  else if (app.updated) output.out(terminalLine`Updated ${app.name} (${app.id}) from ${app.origin}.\n`);
  else output.out(terminalLine`Installed ${app.name} (${app.id}) from ${app.origin}.\n`);
  return EXIT_OK;
}

function progressLine(progress: InstallProgress): string {
  return progress.detail === undefined
    ? terminalLine`${progress.step}\n`
    : terminalLine`${progress.step}: ${progress.detail}\n`;
}
