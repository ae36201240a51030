import { createOsConnectivity } from '../../connectivity/os-connectivity.ts';
import { desktopIntegration } from '../../host/desktop-integration.ts';
import type { HostStatus } from '../../host/host-operations.ts';
import { resolveSettings } from '../../host/host-settings.ts';
import { nextDueDetails } from '../../host/store-queries.ts';
import type { Store } from '../../store/store.ts';
import { HEADLESS_HOST_COMMAND } from '../host-command.ts';
import { stderrLogger } from './stderr-logger.ts';

/** `status` while no host serves `dataDir`: what the store, the OS's network and the OS wake-up say. */
export function readOnlyStatus(dataDir: string, store: Store | undefined): HostStatus {
  const logger = stderrLogger();
  const connectivity = createOsConnectivity(logger);
  const online = connectivity.isOnline();
  connectivity.close?.();
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
    wakeUp: desktopIntegration({ dataDir, hostCommand: HEADLESS_HOST_COMMAND, logger }).wakeUp(),
    storeProblem: null,
    showsWindows: false,
    // What a host starting now would run with instead of a stored value it cannot use.
    settingsAdjusted: store ? resolveSettings(store, {}, false).adjusted : [],
    missingWorkers: [],
  };
}
