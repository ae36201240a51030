import type { RunSummary } from '../../../host/host-operations.ts';
import { type CommandNamed, EXIT_FAILED, EXIT_OK } from '../command.ts';
import { formatDuration } from '../format-duration.ts';
import { printResult } from '../output.ts';
import type { CliOperations, RunContext } from '../run-command.ts';
import { terminalLine } from '../terminal-text.ts';

export async function runRun(
  command: CommandNamed<'run'>,
  operations: Pick<CliOperations, 'run'>,
  context: RunContext,
): Promise<number> {
  const { name: _, ...which } = command;
  const run = await operations.run(which);
  printResult(context, run, runSummary);
  // A sync event that ran but failed is still a failure for a script checking `pwa-host run`.
  return run.outcome === 'success' ? EXIT_OK : EXIT_FAILED;
}

function runSummary(run: RunSummary): string {
  const took = run.durationMs === null ? '' : ` in ${formatDuration(run.durationMs)}`;
  const error = run.error === null ? '' : `: ${run.error}`;
  const kind = run.kind === 'one-off' ? ', one-off sync' : '';
  return terminalLine`${run.tag} (${run.appName ?? run.appId}${kind}): ${run.outcome ?? 'running'}${took}${error}\n`;
}
