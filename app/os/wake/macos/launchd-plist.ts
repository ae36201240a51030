import { build } from 'plist';

export interface LaunchdWakePlistInput {
  label: string;
  command: readonly string[];
  at: Date;
  /** The IANA time zone launchd will read the calendar interval in: the system's. */
  timeZone: string;
}

export interface CalendarInterval {
  Month: number;
  Day: number;
  Hour: number;
  Minute: number;
}

/**
 * Starts the command in the background and returns, so the job has ended by the time the command re-arms
 * the wake-up: re-arming boots the job out of launchd, and booting out a job that is still running kills it.
 * AbandonProcessGroup keeps launchd from killing the background command when this shell exits.
 */
const DETACH = '"$0" "$@" </dev/null >/dev/null 2>&1 &';

/**
 * A LaunchAgent that runs the command once at `at`. launchd has no one-shot date trigger: a
 * StartCalendarInterval with Month, Day, Hour and Minute fires on that date every year, which is one-shot
 * enough because each run replaces the agent (or removes it) and a starting host removes it. It fires on
 * wake if the Mac slept through the time, but not at boot if the Mac was off: the host's login item covers
 * that. Calendar intervals are local wall-clock minutes, so `at` is rounded up to the next whole minute in
 * `timeZone` (never early, except by up to an hour when a DST change repeats that local hour).
 * RunAtLoad is false: loading happens when arming, not when the syncs are due.
 */
export function launchdWakePlist(input: LaunchdWakePlistInput): string {
  if (input.command.length === 0) throw new Error('a launchd job needs a program');
  return build({
    Label: input.label,
    ProgramArguments: ['/bin/sh', '-c', DETACH, ...input.command],
    StartCalendarInterval: { ...calendarInterval(input.at, input.timeZone) },
    RunAtLoad: false,
    AbandonProcessGroup: true,
    ProcessType: 'Background',
  });
}

/** The local month, day, hour and minute of `at` in `timeZone`, rounded up to a whole minute. */
export function calendarInterval(at: Date, timeZone: string): CalendarInterval {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    hourCycle: 'h23',
  }).formatToParts(roundUpToMinute(at));
  const part = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((p) => p.type === type)?.value);
  return { Month: part('month'), Day: part('day'), Hour: part('hour'), Minute: part('minute') };
}

/** launchd's resolution: the first whole minute at or after `at`. */
export function roundUpToMinute(at: Date): Date {
  return new Date(Math.ceil(at.getTime() / 60_000) * 60_000);
}
