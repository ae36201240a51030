import { resolve } from 'node:path';
import type { LaunchFlags } from './launch-flags.ts';

/** What to show once the host serves. */
export type Show =
  | { kind: 'nothing' }
  | { kind: 'manager' }
  | { kind: 'app'; appId: string }
  | { kind: 'install'; url: string };

export type FirstLaunch =
  /** Fire what is due with no window and no tray, leave the next wake-up, quit. */
  | { mode: 'run-due' }
  /** Serve (tray, control socket, schedule) and show this. */
  | { mode: 'serve'; show: Show };

/** What the flags ask for: windows in front of the person, or none. */
function showFor(flags: LaunchFlags): Show {
  if (flags.appId !== undefined) return { kind: 'app', appId: flags.appId };
  if (flags.install !== undefined) return { kind: 'install', url: flags.install };
  if (flags.background) return { kind: 'nothing' };
  // Started from the menu with no flags: the person wants to see the host.
  return { kind: 'manager' };
}

/**
 * The first instance on a data dir: what it does with its own flags. `openedAtLogin` is macOS's word that a
 * login item started the app: its login items carry no arguments, so that launch is a background start.
 */
export function decideFirstLaunch(flags: LaunchFlags, context: { openedAtLogin: boolean }): FirstLaunch {
  if (flags.runDue) return { mode: 'run-due' };
  if (context.openedAtLogin) return { mode: 'serve', show: { kind: 'nothing' } };
  return { mode: 'serve', show: showFor(flags) };
}

export type SecondLaunch =
  | { kind: 'show'; show: Show }
  /** The running instance is a wake-up run that shows nothing: start the app anew once it is done. */
  | { kind: 'start-after-run'; flags: LaunchFlags }
  /** Nothing to do; the reason goes to the log. */
  | { kind: 'ignore'; reason: string };

/**
 * A later launch on the same data dir handed its flags to the running instance (which holds the lock):
 * what the running instance does with them. `running` is what the running instance is doing itself.
 */
export function decideSecondLaunch(
  flags: LaunchFlags,
  running: { dataDir: string; mode: FirstLaunch['mode'] },
): SecondLaunch {
  if (flags.dataDir !== undefined && resolve(flags.dataDir) !== resolve(running.dataDir)) {
    // The lock is per data dir, so this means the same folder under another name (a symlink): refuse to
    // guess which the person meant.
    return {
      kind: 'ignore',
      reason: `a launch for data dir ${flags.dataDir} reached the instance serving ${running.dataDir}`,
    };
  }
  if (flags.runDue) {
    return { kind: 'ignore', reason: 'an OS wake-up started while the host runs: it fires due tasks itself' };
  }
  // A wake-up run holds the lock for a short while; no launch may be lost to it. Autostart included: a
  // systemd timer that missed its time while the machine was off fires as the person logs in, just when
  // the autostart entry runs, and dropping that launch would leave the host out of the tray all session.
  if (running.mode === 'run-due') return { kind: 'start-after-run', flags };
  const show = showFor(flags);
  // Autostart while the host already runs: nothing new to show.
  if (show.kind === 'nothing') return { kind: 'ignore', reason: 'already running in the background' };
  return { kind: 'show', show };
}

/**
 * Of two launches waiting for a wake-up run to end, the one to start then (only one app can start): the
 * later, unless it shows nothing and the earlier shows something — autostart must not swallow the window a
 * person asked for.
 */
export function launchToStartAfterRun<Launch extends { flags: LaunchFlags }>(
  waiting: Launch | undefined,
  later: Launch,
): Launch {
  if (
    waiting !== undefined &&
    showFor(later.flags).kind === 'nothing' &&
    showFor(waiting.flags).kind !== 'nothing'
  )
    return waiting;
  return later;
}
