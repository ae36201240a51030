import type { InstallProgress } from '../../../host/host-operations.ts';
import { type CommandNamed, EXIT_OK } from '../command.ts';
import { printResult, progressStream } from '../output.ts';
import { ProgressLine } from '../progress-line.ts';
import type { CliOperations, RunContext } from '../run-command.ts';
import { terminalLine } from '../terminal-text.ts';

export async function runInstall(
  command: CommandNamed<'install'>,
  operations: Pick<CliOperations, 'install'>,
  context: RunContext,
): Promise<number> {
  const progress = new ProgressLine(progressStream(context.output));
  let summary: string | undefined;
  const app = await operations
    .install(
      { url: command.url },
      {
        onProgress: (step) => {
          if (step.step === 'done') summary = step.detail;
          else progress.update(progressText(step), step.waitMs);
        },
      },
    )
    .finally(() => progress.done());
  printResult(context, app, ({ name, id, scope, updated }) =>
    updated
      ? terminalLine`Updated ${name} (${id}), scope ${scope}: ${summary ?? 'updated'}.\n`
      : terminalLine`Installed ${name} (${id}), scope ${scope}.\n`,
  );
  return EXIT_OK;
}

/** What the install is doing, in words (the host's detail where it gives one). */
function progressText(progress: InstallProgress): string {
  switch (progress.step) {
    case 'loading':
      return `Loading ${progress.detail ?? 'the page'}`;
    case 'manifest':
      return 'Reading its manifest';
    case 'service-worker':
      return `Service worker: ${progress.detail ?? 'waiting for it'}`;
    case 'icons':
      return 'Saving its icons';
    case 'recording':
      return 'Recording the app';
    case 'start-up':
      return `Starting ${progress.detail ?? 'it'} once, so it can register its periodic syncs`;
    default:
      return progress.detail === undefined ? progress.step : `${progress.step}: ${progress.detail}`;
  }
}
