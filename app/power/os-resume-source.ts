import { existsSync } from 'node:fs';
import type { Logger } from '../logging/logger.ts';
import { ClockJumpResumeSource } from './clock-jump-resume-source.ts';
import { LogindResumeSource } from './logind-resume-source.ts';
import { ResumeListeners, type ResumeSource } from './resume-source.ts';

const SYSTEM_BUS = '/run/dbus/system_bus_socket';

/**
 * logind's sleep signal where a system bus runs (Linux desktops), falling back to a clock-jump check if
 * listening to it fails; the clock-jump check everywhere else.
 */
export function createOsResumeSource(logger: Logger): ResumeSource {
  if (process.platform !== 'linux' || !existsSync(SYSTEM_BUS))
    return announce(new ClockJumpResumeSource(), logger);
  const listeners = new ResumeListeners();
  let current: ResumeSource = new LogindResumeSource();
  let closed = false;
  current.onResume(() => listeners.notify());
  void (current as LogindResumeSource).exited.then(() => {
    if (closed) return;
    logger.warn({}, 'cannot listen to logind on the system bus: falling back to a clock-jump check');
    current = new ClockJumpResumeSource();
    current.onResume(() => listeners.notify());
  });
  return announce(
    {
      get kind() {
        return current.kind;
      },
      onResume: (listener) => listeners.add(listener),
      close() {
        closed = true;
        listeners.clear();
        current.close();
      },
    },
    logger,
  );
}

function announce(source: ResumeSource, logger: Logger): ResumeSource {
  logger.info({ source: source.kind }, 'watching for resume from sleep');
  return source;
}
