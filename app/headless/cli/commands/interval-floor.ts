import { formatDuration } from '../../../base/format-duration.ts';
import type { AppRecord } from '../../../host/host-operations.ts';
import { resolveApp } from '../../../host/resolve-app.ts';
import { type CommandNamed, EXIT_OK } from '../command.ts';
import { printResult } from '../output.ts';
import type { RunContext, StoreOperations } from '../run-command.ts';
import { terminalLine } from '../terminal-text.ts';

/**
 * `pwa-host interval-floor APP [FLOOR]`: the app's own interval floor — shown, set to a duration, or back
 * to the host's with `default` — as the UI and the host API's `setIntervalFloor` change it.
 */
export async function runIntervalFloor(
  command: CommandNamed<'interval-floor'>,
  operations: Pick<StoreOperations, 'setIntervalFloor' | 'list' | 'config'>,
  context: RunContext,
): Promise<number> {
  const app =
    command.floor === undefined
      ? resolveApp(await operations.list(), command.app)
      : await operations.setIntervalFloor({
          app: command.app,
          floor: command.floor.trim().toLowerCase() === 'default' ? null : command.floor,
        });
  const hostFloor = (await operations.config()).find((entry) => entry.key === 'interval-floor')?.value;
  printResult(context, app, (shown) => floorLine(shown, hostFloor ?? 'the default'));
  return EXIT_OK;
}

function floorLine(app: AppRecord, hostFloor: string): string {
  return app.intervalFloorMs === null
    ? terminalLine`${app.name} (${app.id}) uses the host's interval floor (interval-floor = ${hostFloor}).\n`
    : terminalLine`${app.name} (${app.id}) has its own interval floor: ${formatDuration(app.intervalFloorMs)} (the host's is ${hostFloor}).\n`;
}
