import { createOsConnectivity } from '../../connectivity/os-connectivity.ts';
import { desktopIntegration } from '../../host/desktop-integration.ts';
import type { HostStatus, NotificationService } from '../../host/host-operations.ts';
import { resolveSettings } from '../../host/host-settings.ts';
import { failureAlerts, nextDueDetails } from '../../host/store-queries.ts';
import type { Store } from '../../store/store.ts';
import { HEADLESS_HOST_COMMAND } from '../host-command.ts';
import { stderrLogger } from './stderr-logger.ts';

/**
 * `status` while no host serves `dataDir`: what the store says, and what the OS says of the network, the
 * wake-up and the notification service (each asked now).
 */
export async function readOnlyStatus(dataDir: string, store: Store | undefined): Promise<HostStatus> {
  const logger = stderrLogger();
  const connectivity = createOsConnectivity(logger);
  const online = connectivity.isOnline();
  connectivity.close?.();
  const [wakeUp, notifications] = await Promise.all([
    desktopIntegration({ dataDir, hostCommand: HEADLESS_HOST_COMMAND, logger }).wakeUp(),
    notificationService(),
  ]);
  return {
    running: false,
    dataDir,
    pid: null,
    engine: null,
    browser: null,
    browserBinary: null,
    online,
    developerMode: false,
    eventsInFlight: 0,
    nextDueAt: store?.registrations.nextCandidate([])?.nextDueAt ?? null,
    nextDue: store ? nextDueDetails(store) : null,
    wakeUp,
    storeProblem: null,
    showsWindows: false,
    // What a host starting now would run with instead of a stored value it cannot use.
    settingsAdjusted: store ? resolveSettings(store, {}, false).adjusted : [],
    missingWorkers: [],
    alerts: store ? failureAlerts(store) : [],
    notifications,
  };
}

/** What a headless host would find: the freedesktop service on Linux, and nowhere to show them elsewhere. */
async function notificationService(): Promise<NotificationService> {
  if (process.platform !== 'linux')
    return { display: null, available: false, reason: `the headless host shows none on ${process.platform}` };
  const [{ askNotificationService }, { execFileRunner }] = await Promise.all([
    import('../../os/notifications/freedesktop-service.ts'),
    import('../../os/command-runner.ts'),
  ]);
  const availability = await askNotificationService(execFileRunner, process.env);
  return {
    display: 'freedesktop',
    available: availability.available,
    reason: availability.available ? null : availability.reason,
  };
}
