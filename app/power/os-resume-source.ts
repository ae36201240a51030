import { existsSync } from 'node:fs';
import { TypedEmitter } from '../base/typed-emitter.ts';
import type { Logger } from '../logging/logger.ts';
import { ClockJumpResumeSource } from './clock-jump-resume-source.ts';
import { LogindResumeSource } from './logind-resume-source.ts';
import type { ResumeEvents, ResumeSource } from './resume-source.ts';

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
  const events = new TypedEmitter<ResumeEvents>((error) =>
    logger.error({ error: String(error) }, 'a resume listener failed'),
  );
  const notify = () => events.emit('resume', undefined);
  const clockJumps = new ClockJumpResumeSource();
  clockJumps.onResume(notify);
  let current: ResumeSource = new LogindResumeSource();
  let closed = false;
  current.onResume(notify);
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
      onResume: (listener) => events.on('resume', listener),
      close() {
        closed = true;
        events.clear();
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
