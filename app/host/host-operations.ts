import type { BrowserBinary, EngineState } from '../engine/engine-port.ts';
import type { InstallProgress } from '../install/install-progress.ts';
import type {
  AppBadge,
  AppRecord,
  NotificationRecord,
  NotShownReason,
  RunRecord,
  RunTrigger,
  SyncKind,
} from '../store/records.ts';
import type { StoreProblem } from '../sync/store-health.ts';
import type { MissingWorker } from './missing-workers.ts';
import type { SettingAdjustment } from './stored-settings.ts';

/** What every `syncs` row has, whichever kind it is. */
interface SyncSummaryBase {
  appId: string;
  appName: string;
  scope: string;
  tag: string;
  /** Periodic: when it fires next. One-off: when its next attempt may fire (it also waits for the network). */
  nextDueAt: number;
  firing: boolean;
  paused: boolean;
  lastOutcome: RunRecord['outcome'];
  lastCompletedAt: number | null;
}

/** A periodic registration with what the host will do with it. */
export interface PeriodicSyncSummary extends SyncSummaryBase {
  kind: 'periodic';
  minIntervalMs: number;
  effectiveIntervalMs: number;
}

/** A pending one-off sync: fired until an attempt succeeds or its last one fails. */
export interface OneOffSyncSummary extends SyncSummaryBase {
  kind: 'one-off';
  /** Attempts already made; the next one is `attemptsMade + 1` of `maxAttempts`. */
  attemptsMade: number;
  maxAttempts: number;
  lastError: string | null;
}

/** One row of `syncs`: a periodic registration or a pending one-off sync. */
export type SyncSummary = PeriodicSyncSummary | OneOffSyncSummary;

/** One row of `runs`: a recorded run with the name of its app (null when the app is gone). */
export interface RunSummary extends RunRecord {
  appName: string | null;
  /** The notifications its worker showed (or had recorded, muted) during the run. */
  notifications: { id: number; title: string; tag: string; shown: boolean }[];
}

/** One row of `notifications`: a notification an app showed, with its app's name. */
export interface NotificationSummary extends NotificationRecord {
  appName: string | null;
}

/**
 * What the host told the person once, listed until the task succeeds again: a periodic task that keeps
 * failing, or a one-off sync given up after its last attempt failed (what the app had to send did not arrive).
 */
export interface FailureAlert {
  kind: SyncKind;
  appId: string;
  appName: string;
  tag: string;
  /**
   * Periodic: how many runs in a row have failed (so far, in `alerts`; when the person was told, in the
   * event). One-off: the attempts the sync had before the host gave it up, all failed.
   */
  failures: number;
  lastError: string | null;
  alertedAt: number;
}

export interface RunQuery {
  /** An app id or an unambiguous name prefix. */
  app?: string;
  tag?: string;
  kind?: SyncKind;
  limit?: number;
}

/** Part of the host API: shells show it while `install` runs. */
export type { InstallProgress };

/**
 * A page opened with `open`: it stays loaded until `close`, the host stops, or it has been open for the
 * browser-idle time (`closesAt`), so that a page nobody closes does not keep the browser running for ever.
 */
export interface OpenedPage {
  /** Short, for `pwa-host close ID`. */
  id: string;
  appId: string;
  appName: string;
  /** Where the page ended up (after redirects). */
  url: string;
  /** The HTTP status its document answered with; null when none arrived. */
  status: number | null;
  openedAt: number;
  /** When the host closes it; null when browser-idle is off (it stays until closed). */
  closesAt: number | null;
}

/** One `config` row: the value in force, the default, and what the setting does. */
export interface ConfigEntry {
  key: string;
  value: string;
  default: string;
  description: string;
}

/** Whether notifications reach the person's screen: shown, or only recorded and why. */
export interface NotificationService {
  /** Where the host shows them ("freedesktop", "native"); null: it has nowhere to show them. */
  display: string | null;
  /** null while the host is still asking the OS. */
  available: boolean | null;
  /** Why they cannot be shown, when they cannot. */
  reason: string | null;
}

/** `status`: whether a host serves the data dir, and what it is doing. */
export interface HostStatus {
  running: boolean;
  dataDir: string;
  /** The serving process, when one runs. */
  pid: number | null;
  engine: string | null;
  /** The serving host's browser: running, restarting, or failed (null when no host runs). */
  browser: EngineState | null;
  /** The binary the serving host's browser runs (null when no host runs or it started none yet). */
  browserBinary: BrowserBinary | null;
  online: boolean;
  developerMode: boolean;
  eventsInFlight: number;
  nextDueAt: number | null;
  /** What the next due event is, when there is one. */
  nextDue: { appId: string; appName: string; tag: string; kind: SyncKind } | null;
  /**
   * The OS wake-up left for when no host runs, as the OS reports it ("… armed for …", "… not armed: why");
   * null when there is none (a running host removes it while it runs: it fires due tasks itself).
   */
  wakeUp: string | null;
  /** Why the running host cannot write its store (nothing fires until it can), if it cannot. */
  storeProblem: StoreProblem | null;
  /** Whether the running host's shell shows app windows (the desktop app), so `showApp` works. */
  showsWindows: boolean;
  /** Whether notifications can be shown; null when no host runs and nothing was asked. */
  notifications: NotificationService | null;
  /** Stored settings the host could not use as stored: it runs with the nearest valid value instead. */
  settingsAdjusted: SettingAdjustment[];
  /** Service workers gone from the browser's profile whose periodic syncs the host keeps (issue 19). */
  missingWorkers: MissingWorker[];
  /** What `alerts` lists: tasks that keep failing and one-off syncs given up, none succeeded since. */
  alerts: FailureAlert[];
}

export type { AppBadge, AppRecord, NotShownReason, RunRecord, RunTrigger, SyncKind };
