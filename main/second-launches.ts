import { app } from 'electron';
import {
  decideSecondLaunch,
  type FirstLaunch,
  launchToStartAfterRun,
  type Show,
} from '../app/desktop/launch-decision.ts';
import { type LaunchHandover, launchHandoverSchema } from '../app/desktop/launch-handover.ts';
import type { Logger } from '../app/logging/logger.ts';

/**
 * Listens for later launches on this data dir from the start, so a launcher clicked while the host is
 * still starting is not lost: what they ask to show waits until `showWith` is called.
 */
export function followSecondLaunches(
  running: { dataDir: string; mode: FirstLaunch['mode'] },
  logger: Logger,
): { showWith(show: (what: Show) => void): void; startAfterRun(): LaunchHandover | undefined } {
  let show: ((what: Show) => void) | undefined;
  const waiting: Show[] = [];
  let startAfterRun: LaunchHandover | undefined;
  app.on('second-instance', (_event, _argv, _cwd, additionalData) => {
    // Another process's data: validated, and Chromium's argv of that launch is never read.
    const handed = launchHandoverSchema.safeParse(additionalData);
    if (!handed.success) {
      logger.warn(
        { error: handed.error.message },
        'a second launch handed over data that is not valid; ignored',
      );
      return;
    }
    const decision = decideSecondLaunch(handed.data.flags, running);
    if (decision.kind === 'ignore') logger.info({ reason: decision.reason }, 'second launch');
    else if (decision.kind === 'start-after-run')
      startAfterRun = launchToStartAfterRun(startAfterRun, handed.data);
    else if (show) show(decision.show);
    else waiting.push(decision.show);
  });
  return {
    /** The launch to start once a wake-up run is done (launchToStartAfterRun), with its desktop session. */
    startAfterRun: () => startAfterRun,
    showWith(shower) {
      show = shower;
      for (const what of waiting.splice(0)) shower(what);
    },
  };
}
