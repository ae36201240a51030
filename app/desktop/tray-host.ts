import type { HostOperations } from '../host/host-api.ts';
import type { Logger } from '../logging/logger.ts';
import type { Show } from './launch-decision.ts';
import type { TrayAction, TrayState } from './tray-menu.ts';

/** Runs considered for "Recent failures". */
const RUNS_CONSIDERED = 50;
/** Host events come in bursts (a run starts and finishes, registrations change): rebuild once per burst. */
export const TRAY_REFRESH_DELAY_MS = 250;

/** What the tray shows, read from the host API as any client reads it. */
export function readTrayState(operations: HostOperations): TrayState {
  const status = operations.status();
  return {
    apps: operations.list(),
    syncs: operations.syncs(),
    runs: operations.runs({ limit: RUNS_CONSIDERED }),
    alerts: status.alerts,
    online: status.online,
    startAtLogin: operations.config().find((entry) => entry.key === 'autostart')?.value === 'on',
  };
}

export interface TrayTargets {
  operations: HostOperations;
  show(what: Show): void;
  quit(): void;
  logger: Logger;
}

/**
 * Carries out a tray click through the host API (so the CLI, the UI and the tray change the same things the
 * same way). Never throws: a failed action is logged, and the menu shows the outcome on the next event.
 */
export async function performTrayAction(action: TrayAction, targets: TrayTargets): Promise<void> {
  const { operations } = targets;
  try {
    switch (action.kind) {
      case 'open-app':
        return targets.show({ kind: 'app', appId: action.appId });
      case 'manage':
        return targets.show({ kind: 'manager' });
      case 'pause':
        operations.pause({ app: action.appId });
        return;
      case 'resume':
        operations.resume({ app: action.appId });
        return;
      case 'mute':
        operations.mute({ app: action.appId });
        return;
      case 'unmute':
        operations.unmute({ app: action.appId });
        return;
      case 'run':
        await operations.run({ app: action.appId, tag: action.tag, kind: action.syncKind });
        return;
      case 'set-start-at-login':
        await operations.configSet({ key: 'autostart', value: action.enabled ? 'on' : 'off' });
        return;
      case 'quit':
        return targets.quit();
    }
  } catch (error) {
    targets.logger.warn({ action, error: String(error) }, 'tray action failed');
  }
}

/**
 * Calls `rebuild` once after each burst of host events (and once now), so the menu follows the host live;
 * returns the function that stops following.
 */
export function followHost(
  operations: HostOperations,
  rebuild: () => void,
  delayMs = TRAY_REFRESH_DELAY_MS,
): () => void {
  let timer: NodeJS.Timeout | undefined;
  const unsubscribe = operations.events.onAny(() => {
    clearTimeout(timer);
    timer = setTimeout(rebuild, delayMs);
  });
  rebuild();
  return () => {
    clearTimeout(timer);
    unsubscribe();
  };
}
