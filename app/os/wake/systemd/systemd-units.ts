import { systemdExecLine } from './systemd-exec.ts';

export interface SystemdWakeUnitsInput {
  /** The unit name without suffix, from `wakeName`. */
  name: string;
  command: readonly string[];
  at: Date;
  dataDir: string;
  wakeSystem: boolean;
}

export interface SystemdWakeUnits {
  serviceName: string;
  timerName: string;
  service: string;
  timer: string;
}

/**
 * A backstop for a run that hangs: the host limits each event to 3 minutes, but a run that never ends would
 * keep the service "activating", and a timer does not start a service that is still starting.
 */
const RUN_TIMEOUT = '30min';

/** A oneshot service that runs the command, and the timer that starts it once at `at`. */
export function systemdWakeUnits(input: SystemdWakeUnitsInput): SystemdWakeUnits {
  const serviceName = `${input.name}.service`;
  const timerName = `${input.name}.timer`;
  const where = describeDataDir(input.dataDir);
  const service = [
    '[Unit]',
    `Description=PWA Host: run the periodic syncs that are due (${where})`,
    '',
    '[Service]',
    'Type=oneshot',
    `ExecStart=${systemdExecLine(input.command)}`,
    `TimeoutStartSec=${RUN_TIMEOUT}`,
    '',
  ];
  // A calendar (wall-clock) timer, not a monotonic one: OnActiveSec= and friends count CLOCK_MONOTONIC,
  // which stops while the machine sleeps and restarts at boot, so a wake-up six hours out would slip by
  // every suspend and vanish at every reboot. OnCalendar= names the instant itself; after a suspend it
  // fires on resume if the instant passed, and Persistent=true makes the user's systemd instance fire it
  // when it next starts (boot or login) if the machine was off or the user logged out at the time.
  // WakeSystem= would resume a suspended machine, but only with CAP_WAKE_ALARM, which user instances lack
  // before systemd 254; it is off unless the user asks for it. AccuracySec=1s: the default coalesces
  // timers within a minute.
  const timer = [
    '[Unit]',
    `Description=PWA Host: wake-up for due periodic syncs (${where})`,
    '',
    '[Timer]',
    `OnCalendar=${systemdCalendarTime(input.at)}`,
    'Persistent=true',
    'AccuracySec=1s',
    `WakeSystem=${input.wakeSystem ? 'true' : 'false'}`,
    `Unit=${serviceName}`,
    '',
    '[Install]',
    'WantedBy=timers.target',
    '',
  ];
  return { serviceName, timerName, service: service.join('\n'), timer: timer.join('\n') };
}

/** `2030-01-02 03:04:05 UTC`: an OnCalendar= instant, in UTC so local time zone changes cannot move it. */
export function systemdCalendarTime(at: Date): string {
  return `${at.toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

// Description= takes specifiers, so '%' doubles; a control character would end or continue the line.
function describeDataDir(dataDir: string): string {
  return dataDir.replace(/\p{Cc}/gu, ' ').replaceAll('%', '%%');
}
