import { formatDuration } from '../../../base/format-duration.ts';
import { parseDuration } from '../../../host/config-keys.ts';
import type { AppRecord, RunSummary } from '../../../host/host-operations.ts';
import { resolveApp } from '../../../host/resolve-app.ts';
import { type CommandNamed, EXIT_FAILED, EXIT_OK } from '../command.ts';
import { printResult, progressStream } from '../output.ts';
import { ProgressLine } from '../progress-line.ts';
import type { CliOperations, RunContext } from '../run-command.ts';
import { terminalLine } from '../terminal-text.ts';

/**
 * `pwa-host run APP TAG`: fires one periodicsync now and waits for the outcome, saying meanwhile what it
 * waits for (a hung handler takes the whole time limit). A paused app's task runs too, and the output says
 * its schedule stays paused.
 */
export async function runRun(
  command: CommandNamed<'run'>,
  operations: Pick<CliOperations, 'run' | 'list' | 'config'>,
  context: RunContext,
): Promise<number> {
  const { name: _, ...which } = command;
  const app = resolveApp(await operations.list(), command.app);
  const limit = (await operations.config()).find((entry) => entry.key === 'time-limit')?.value;
  const progress = new ProgressLine(progressStream(context.output));
  progress.update(
    `Running ${app.name}: ${command.tag} — waiting for its service worker's ${command.kind === 'one-off' ? 'sync' : 'periodicsync'} handler`,
    limit === undefined ? undefined : parseDuration(limit),
  );
  const run = await operations.run({ ...which, app: app.id }).finally(() => progress.done());
  printResult(context, run, (done) => runSummary(done) + pausedNote(app));
  // A sync event that ran but failed is still a failure for a script checking `pwa-host run`.
  return run.outcome === 'success' ? EXIT_OK : EXIT_FAILED;
}

function runSummary(run: RunSummary): string {
  const took = run.durationMs === null ? '' : ` in ${formatDuration(run.durationMs)}`;
  const error = run.error === null ? '' : `: ${run.error}`;
  const kind = run.kind === 'one-off' ? ', one-off sync' : '';
  return terminalLine`${run.tag} (${run.appName ?? run.appId}${kind}): ${run.outcome ?? 'running'}${took}${error}\n`;
}

function pausedNote(app: AppRecord): string {
  if (!app.paused) return '';
  return terminalLine`${app.name} is paused: this run was by hand, and its tasks stay paused until \`pwa-host resume ${app.id}\`.\n`;
}
