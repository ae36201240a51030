import type { Badge, EngineState } from '../engine/engine-port.ts';
import type { AppRecord, SyncKind } from '../store/records.ts';
import type {
  ConfigEntry,
  FailureAlert,
  InstallProgress,
  NotificationSummary,
  RunSummary,
} from './host-operations.ts';

/**
 * What a serving host reports as it happens, by event name: a UI follows these instead of polling, and
 * `pwa-host runs --follow` prints `run-finished`. Every data value is plain JSON.
 */
export interface HostEvents {
  'run-started': RunSummary;
  'run-finished': RunSummary;
  /** Registrations of `kind` (periodic, or one-off syncs) of a worker registration were added, changed or removed. */
  'registrations-changed': { scope: string; appId: string | null; kind: SyncKind };
  'app-installed': AppRecord;
  /** Installing an app that was already installed updated it. */
  'app-updated': AppRecord;
  'app-removed': AppRecord;
  'app-paused': AppRecord;
  'app-resumed': AppRecord;
  'settings-changed': ConfigEntry;
  connectivity: { online: boolean };
  'browser-state': EngineState;
  'install-progress': InstallProgress & { url: string };
  'app-muted': AppRecord;
  'app-unmuted': AppRecord;
  /** An app showed a notification (or had it recorded, muted). */
  'notification-shown': NotificationSummary;
  'badge-changed': { appId: string; badge: Badge };
  /** A task failed `failure-alert-after` runs in a row; the person was told. */
  'failure-alert': FailureAlert;
}

export type HostEventName = keyof HostEvents;

/** Every event name, for validating a subscription (the type check keeps the list complete). */
export const HOST_EVENT_NAMES = [
  'run-started',
  'run-finished',
  'registrations-changed',
  'app-installed',
  'app-updated',
  'app-removed',
  'app-paused',
  'app-resumed',
  'settings-changed',
  'connectivity',
  'browser-state',
  'install-progress',
  'app-muted',
  'app-unmuted',
  'notification-shown',
  'badge-changed',
  'failure-alert',
] as const satisfies readonly HostEventName[];

// Fails to compile when an event is added to HostEvents but not to HOST_EVENT_NAMES.
const everyEventListed: Exclude<HostEventName, (typeof HOST_EVENT_NAMES)[number]> extends never
  ? true
  : never = true;
void everyEventListed;

/** One event as it crosses a process boundary. */
export type HostEventMessage = { [E in HostEventName]: { event: E; data: HostEvents[E] } }[HostEventName];

/** Where in-process code listens to a host's events (a `TypedEmitter<HostEvents>` is one). */
export interface HostEventSource {
  on<E extends HostEventName>(event: E, listener: (data: HostEvents[E]) => void): () => void;
  onAny(listener: <E extends HostEventName>(event: E, data: HostEvents[E]) => void): () => void;
}
