import { existsSync } from 'node:fs';
import type { Logger } from '../logging/logger.ts';
import { ClockJumpResumeSource } from './clock-jump-resume-source.ts';
import { LogindResumeSource } from './logind-resume-source.ts';
import { ResumeListeners, type ResumeSource } from './resume-source.ts';

const SYSTEM_BUS = '/run/dbus/system_bus_socket';

/**
 * logind's sleep signal where a system bus runs (Linux desktops), falling back to a clock-jump check if
 * listening to it fails; the clock-jump check everywhere else. Beside logind the clock-jump check runs
 * too: logind reports sleep, but not a clock set back or forward while awake (a wrong clock corrected),
 * after which due times computed on the wrong clock must be pulled in.
 */
export function createOsResumeSource(logger: Logger): ResumeSource {
  if (process.platform !== 'linux' || !existsSync(SYSTEM_BUS))
    return announce(new ClockJumpResumeSource(), logger);
  const listeners = new ResumeListeners((error) =>
    logger.error({ error: String(error) }, 'a resume listener failed'),
  );
  const clockJumps = new ClockJumpResumeSource();
  clockJumps.onResume(() => listeners.notify());
  let current: ResumeSource = new LogindResumeSource();
  let closed = false;
  current.onResume(() => listeners.notify());
  void (current as LogindResumeSource).exited.then(() => {
    if (closed) return;
    logger.warn({}, 'cannot listen to logind on the system bus: relying on the clock-jump check alone');
    current = clockJumps;
  });
  return announce(
    {
      get kind() {
        return current === clockJumps ? clockJumps.kind : `${current.kind} + ${clockJumps.kind}`;
      },
      onResume: (listener) => listeners.add(listener),
      close() {
        closed = true;
        listeners.clear();
        current.close();
        clockJumps.close();
      },
    },
    logger,
  );
}

function announce(source: ResumeSource, logger: Logger): ResumeSource {
  logger.info({ source: source.kind }, 'watching for resume from sleep');
  return source;
}
