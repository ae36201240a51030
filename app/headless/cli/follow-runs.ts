import type { HostApi } from '../../host/host-api.ts';
import type { RunSummary } from '../../host/host-operations.ts';
import { resolveApp } from '../../host/resolve-app.ts';
import { EXIT_OK, type ReadCommand } from './command.ts';
import { renderRunLine, renderRunLineHeader, runLineWidths } from './render-runs.ts';
import type { RunContext } from './run-command.ts';

/** How many finished runs `runs --follow` shows before the new ones, like `journalctl -f`. */
export const FOLLOW_HISTORY = 10;

export interface FollowEnd {
  /** Settles when the user asks to stop (Ctrl-C): the command then exits 0. */
  stopped: Promise<unknown>;
  /** Settles when the host ends the connection: the command fails with the reason. */
  closed: Promise<Error>;
}

/**
 * `pwa-host runs --follow`: the last finished runs, oldest first, then each run as it finishes, until
 * stopped. With `--json`, one JSON object per line. Subscribes before reading the history, so no run that
 * finishes in between is missed (or shown twice).
 */
export async function followRuns(
  command: Extract<ReadCommand, { name: 'runs' }>,
  api: HostApi,
  context: RunContext,
  end: FollowEnd,
): Promise<number> {
  const appId = command.app === undefined ? undefined : resolveApp(await api.list(), command.app).id;
  const wanted = (run: RunSummary) =>
    (appId === undefined || run.appId === appId) &&
    (command.tag === undefined || run.tag === command.tag) &&
    (command.kind === undefined || run.kind === command.kind);
  const shown = new Set<number>();
  // Columns as wide as the apps and tags known now, under a header like `runs` has.
  const syncs = context.json ? [] : await api.syncs(appId === undefined ? {} : { app: appId });
  const widths = runLineWidths(
    syncs.map((sync) => sync.appName),
    syncs.map((sync) => sync.tag),
  );
  const show = (run: RunSummary) => {
    if (shown.has(run.id) || !wanted(run)) return;
    shown.add(run.id);
    context.output.out(context.json ? `${JSON.stringify(run)}\n` : renderRunLine(run, widths));
  };
  let early: RunSummary[] | undefined = [];
  const unsubscribe = await api.subscribe(['run-finished'], (message) => {
    if (message.event !== 'run-finished') return;
    if (early) early.push(message.data);
    else show(message.data);
  });
  // Printed once subscribed: whoever sees the first line knows no run that ends from now on is missed.
  if (!context.json) context.output.out(renderRunLineHeader(widths));
  try {
    const history = await api.runs({
      ...(appId === undefined ? {} : { app: appId }),
      ...(command.tag === undefined ? {} : { tag: command.tag }),
      ...(command.kind === undefined ? {} : { kind: command.kind }),
      limit: command.limit ?? FOLLOW_HISTORY,
    });
    for (const run of history.reverse()) if (run.outcome !== null) show(run);
    for (const run of early) show(run);
    early = undefined;
    await Promise.race([
      end.stopped,
      end.closed.then((reason) => {
        throw reason;
      }),
    ]);
    return EXIT_OK;
  } finally {
    await unsubscribe().catch(() => {});
  }
}
