import { z } from 'zod';
import { type LaunchFlags, launchFlagsSchema } from './launch-flags.ts';

/**
 * The variables that put a process on the person's desktop session: which display server (X11 or Wayland)
 * and how to reach and authenticate to it, the session bus, the desktop, and the token that lets the new
 * window take the focus. A launch during an OS wake-up run is started again by the wake-up once it is done
 * (`app.relaunch`, which passes on the wake-up's own environment: electron/electron
 * shell/browser/relauncher.cc). A systemd user timer can run before the session exported any of these, so
 * the launch hands over its own, and the relaunch uses them.
 */
export const SESSION_VARIABLES = [
  'DISPLAY',
  'WAYLAND_DISPLAY',
  'XDG_SESSION_TYPE',
  'XAUTHORITY',
  'XDG_RUNTIME_DIR',
  'DBUS_SESSION_BUS_ADDRESS',
  'XDG_CURRENT_DESKTOP',
  'XDG_ACTIVATION_TOKEN',
  'DESKTOP_STARTUP_ID',
] as const;

export type SessionEnvironment = Partial<Record<(typeof SESSION_VARIABLES)[number], string>>;

/**
 * Each value is bounded: Chromium's process singleton reads a launch's message into 32 KiB and drops the
 * rest (chrome/browser/process_singleton_posix.cc `kMaxMessageLength`), so the whole handover stays small.
 */
const SESSION_VALUE_MAX = 1024;

/** What a launch hands to the running instance (Electron's `additionalData`): its flags and its session. */
export interface LaunchHandover {
  flags: LaunchFlags;
  session: SessionEnvironment;
}

/** Another process's data, so checked before use (a later launch of the same user's app, or anything). */
export const launchHandoverSchema = z.strictObject({
  flags: launchFlagsSchema,
  session: z.partialRecord(z.enum(SESSION_VARIABLES), z.string().max(SESSION_VALUE_MAX)),
});

/** The handover of this launch: its flags, and the session variables it has (over-long ones left out). */
export function launchHandover(flags: LaunchFlags, env: NodeJS.ProcessEnv): LaunchHandover {
  const session: SessionEnvironment = {};
  for (const name of SESSION_VARIABLES) {
    const value = env[name];
    if (value !== undefined && value.length <= SESSION_VALUE_MAX) session[name] = value;
  }
  return { flags, session };
}

/**
 * Puts `env` on the handed-over session: each session variable as the launch had it, and unset where the
 * launch had none (a wake-up's WAYLAND_DISPLAY must not send an X11 person's app to Wayland).
 */
export function applySessionEnvironment(env: NodeJS.ProcessEnv, session: SessionEnvironment): void {
  for (const name of SESSION_VARIABLES) {
    const value = session[name];
    if (value === undefined) delete env[name];
    else env[name] = value;
  }
}
