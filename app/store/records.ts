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

export interface RunRecord {
  id: number;
  appId: string;
  registrationId: number | null;
  scope: string;
  tag: string;
  trigger: RunTrigger;
  attempt: number;
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

/** Why a notification was recorded but not shown. */
export type NotShownReason = 'muted' | 'flooded' | 'no-service' | 'failed';

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
  /** Why it was not shown; null when it was (or, for one recorded by an older version, not known). */
  notShownReason: NotShownReason | null;
  createdAt: number;
  closedAt: number | null;
  closeReason: NotificationCloseReason | null;
}
