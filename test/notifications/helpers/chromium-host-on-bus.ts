import type { EngineTimings } from '../../helpers/chromium.ts';
import { type ChromiumHost, startChromiumHost } from '../../helpers/chromium-host.ts';
import {
  type Cleanup,
  displayOnBus,
  type NotificationServer,
  privateSessionBus,
  startNotificationServer,
} from './notification-bus.ts';

/**
 * A host on real Chromium (startChromiumHost) whose notifications go to the notification server stand-in
 * on a private session bus; `cleanup` is handed the bus's and the server's stops.
 */
export async function startChromiumHostOnBus(
  cleanup: Cleanup,
  timings: EngineTimings = {},
): Promise<{ chromium: ChromiumHost; server: NotificationServer }> {
  const address = await privateSessionBus(cleanup);
  const server = await startNotificationServer(cleanup, address);
  const chromium = await startChromiumHost({}, timings, { notifications: displayOnBus(address) });
  return { chromium, server };
}
