import { formatDuration } from '../../../base/format-duration.ts';
import type { RunSummary } from '../../../host/host-operations.ts';
import { type CommandNamed, EXIT_FAILED, EXIT_OK } from '../command.ts';
import { printResult } from '../output.ts';
import type { CliOperations, RunContext } from '../run-command.ts';
import { terminalLine } from '../terminal-text.ts';

export async function runRun(
  command: CommandNamed<'run'>,
  operations: Pick<CliOperations, 'run'>,
  context: RunContext,
): Promise<number> {
  const run = await operations.run({ app: command.app, tag: command.tag });
  printResult(context, run, runSummary);
  // A sync event that ran but failed is still a failure for a script checking `pwa-host run`.
  return run.outcome === 'success' ? EXIT_OK : EXIT_FAILED;
}

function runSummary(run: RunSummary): string {
  const took = run.durationMs === null ? '' : ` in ${formatDuration(run.durationMs)}`;
  const error = run.error === null ? '' : `: ${run.error}`;
  return terminalLine`${run.tag} (${run.appName ?? run.appId}): ${run.outcome ?? 'running'}${took}${error}\n`;
}
