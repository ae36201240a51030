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
}

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
