import { type CommandRunner, describeFailure } from '../command-runner.ts';
import type { DisplayAvailability } from './notification-display.ts';

export const NOTIFICATIONS_SERVICE = 'org.freedesktop.Notifications';
export const NOTIFICATIONS_OBJECT = '/org/freedesktop/Notifications';
const CALL_TIMEOUT_S = '5';

/** `gdbus call` arguments for one method of the notification service on the session bus. */
export function notificationsCall(method: string, args: readonly string[]): string[] {
  return [
    'call',
    '--session',
    '--timeout',
    CALL_TIMEOUT_S,
    '--dest',
    NOTIFICATIONS_SERVICE,
    '--object-path',
    NOTIFICATIONS_OBJECT,
    '--method',
    `${NOTIFICATIONS_SERVICE}.${method}`,
    ...args,
  ];
}

/**
 * Whether a notification service answers on the session bus, and if not, why in the person's terms: no
 * session bus at all (SSH, containers, servers), or a bus with no notification daemon on it (no desktop).
 * Asks with GetCapabilities, which every server implements and which shows nothing. Never rejects.
 */
export async function askNotificationService(
  run: CommandRunner,
  env: NodeJS.ProcessEnv,
): Promise<DisplayAvailability> {
  const result = await run('gdbus', notificationsCall('GetCapabilities', []), env);
  if (result.exitCode === 0) return { available: true };
  const said = `${result.stderr}\n${result.stdout}`;
  if (result.failure?.endsWith('not found'))
    return {
      available: false,
      reason: 'gdbus (GLib) is not installed, so the session bus cannot be reached',
    };
  if (/Error connecting|Cannot autolaunch|Could not connect/i.test(said)) {
    const unset = env.DBUS_SESSION_BUS_ADDRESS ? '' : ' (DBUS_SESSION_BUS_ADDRESS is not set)';
    return {
      available: false,
      reason: `there is no D-Bus session bus${unset}, as over SSH, in containers and on servers`,
    };
  }
  if (/ServiceUnknown|NameHasNoOwner/.test(said))
    return {
      available: false,
      reason: 'no notification service runs on the session bus (no desktop shows notifications here)',
    };
  return {
    available: false,
    reason: `the notification service did not answer (${describeFailure('gdbus', ['call', 'GetCapabilities'], result)})`,
  };
}
