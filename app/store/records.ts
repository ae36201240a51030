export interface IconRecord {
  /** Where the manifest said the icon lives. */
  src: string;
  sizes?: string;
  type?: string;
  purpose?: string;
  /** The copy saved in the data dir, relative to it. */
  file?: string;
}

export interface AppRecord {
  id: string;
  manifestId: string;
  name: string;
  shortName: string | null;
  startUrl: string;
  scope: string;
  origin: string;
  display: string;
  themeColor: string | null;
  backgroundColor: string | null;
  icons: IconRecord[];
  installedAt: number;
  updatedAt: number;
  paused: boolean;
  /** Per-app override of the host's interval floor; null uses the host setting. */
  intervalFloorMs: number | null;
  /** `pwa-host mute`: its notifications are recorded, not shown, and its permission reads "denied". */
  notificationsMuted: boolean;
  /** `navigator.setAppBadge`: a count, 'flag' (a badge without a number), or null (none). */
  badge: AppBadge;
}

export type AppBadge = number | 'flag' | null;

export type RunTrigger = 'scheduled' | 'retry' | 'catch-up' | 'manual';
/** Which API a registration or run belongs to: Periodic Background Sync, or one-off Background Sync. */
export type SyncKind = 'periodic' | 'one-off';
export type RunOutcome = 'success' | 'failed' | 'timed-out' | 'interrupted';

export interface RegistrationRecord {
  id: number;
  appId: string;
  origin: string;
  scope: string;
  tag: string;
  minIntervalMs: number;
  createdAt: number;
  nextDueAt: number;
  /** Attempts already made in the current period (0 until the first one fails). */
  attempt: number;
  firing: boolean;
  reregisteredWhileFiring: boolean;
  lastCompletedAt: number | null;
  lastOutcome: RunOutcome | null;
}

/**
 * A pending one-off Background Sync (`registration.sync.register(tag)`): fired until an attempt succeeds or
 * the last one fails, then removed.
 */
export interface OneOffSyncRecord {
  id: number;
  appId: string;
  origin: string;
  scope: string;
  tag: string;
  createdAt: number;
  /** When the next attempt may fire (it waits for the network as well). */
  nextAttemptAt: number;
  /** Attempts already made (0 until the first one fails). */
  attemptsMade: number;
  firing: boolean;
  /** Registered again while its event ran: it fires once more afterwards, with its attempts reset. */
  reregisteredWhileFiring: boolean;
  lastAttemptAt: number | null;
  lastOutcome: RunOutcome | null;
  lastError: string | null;
}

export interface RunRecord {
  id: number;
  kind: SyncKind;
  appId: string;
  /** The periodic registration it ran for (null once that is removed, and for one-off runs). */
  registrationId: number | null;
  scope: string;
  tag: string;
  trigger: RunTrigger;
  /** The attempt this run was (1 for the first), of `maxAttempts` for a one-off sync. */
  attempt: number;
  /** One-off syncs: how many attempts the sync may have; null for periodic runs. */
  maxAttempts: number | null;
  /** One-off syncs: the event's `lastChance` (true on the last attempt only); null for periodic runs. */
  lastChance: boolean | null;
  /** null while the run is in progress. */
  outcome: RunOutcome | null;
  error: string | null;
  startedAt: number;
  endedAt: number | null;
  durationMs: number | null;
}

/** The options of a notification as an app gave them (after the shim's WebIDL conversion). */
export interface NotificationOptionsRecord {
  body: string;
  tag: string;
  icon: string;
  image: string;
  badge: string;
  lang: string;
  dir: 'auto' | 'ltr' | 'rtl';
  silent: boolean;
  requireInteraction: boolean;
  renotify: boolean;
  timestamp: number;
  /** `options.data` as JSON text (null when none). */
  data: string | null;
  actions: { action: string; title: string; icon: string }[];
}

/** Why a notification ended: the person dismissed it, it expired, the app or host closed it, or it replaced. */
export type NotificationCloseReason =
  | 'dismissed'
  | 'expired'
  | 'closed'
  | 'replaced'
  | 'clicked'
  | 'host-stopped';

export interface NotificationRecord {
  id: number;
  appId: string;
  /** The run (periodicsync event) during which the worker showed it, if any. */
  runId: number | null;
  /** The worker registration that showed it; null for one a page made with `new Notification`. */
  scope: string | null;
  source: 'worker' | 'page';
  title: string;
  options: NotificationOptionsRecord;
  /** False when it was only recorded (the app is muted, or no notification service answered). */
  shown: boolean;
  createdAt: number;
  closedAt: number | null;
  closeReason: NotificationCloseReason | null;
}
