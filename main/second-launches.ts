import { app } from 'electron';
import { decideSecondLaunch, type FirstLaunch, type Show } from '../app/desktop/launch-decision.ts';
import { launchFlagsSchema } from '../app/desktop/launch-flags.ts';
import type { Logger } from '../app/logging/logger.ts';

/**
 * Listens for later launches on this data dir from the start, so a launcher clicked while the host is
 * still starting is not lost: what they ask to show waits until `showWith` is called.
 */
export function followSecondLaunches(
  running: { dataDir: string; mode: FirstLaunch['mode'] },
  logger: Logger,
): { showWith(show: (what: Show) => void): void } {
  let show: ((what: Show) => void) | undefined;
  const waiting: Show[] = [];
  app.on('second-instance', (_event, _argv, _cwd, additionalData) => {
    // Another process's data: validated, and Chromium's argv of that launch is never read.
    const handed = launchFlagsSchema.safeParse(additionalData);
    if (!handed.success) {
      logger.warn(
        { error: handed.error.message },
        'a second launch handed over flags that are not valid; ignored',
      );
      return;
    }
    const decision = decideSecondLaunch(handed.data, running);
    if (decision.kind === 'ignore') logger.info({ reason: decision.reason }, 'second launch');
    else if (show) show(decision.show);
    else waiting.push(decision.show);
  });
  return {
    showWith(shower) {
      show = shower;
      for (const what of waiting.splice(0)) shower(what);
    },
  };
}
