import type { AppRecord, RunRecord, RunTrigger } from '../store/records.ts';

/** One row of `syncs`: a periodic registration with what the host will do with it. */
export interface SyncSummary {
  appId: string;
  appName: string;
  scope: string;
  tag: string;
  minIntervalMs: number;
  effectiveIntervalMs: number;
  nextDueAt: number;
  firing: boolean;
  paused: boolean;
  lastOutcome: RunRecord['outcome'];
  lastCompletedAt: number | null;
}

export interface RunQuery {
  /** An app id or an unambiguous name prefix. */
  app?: string;
  tag?: string;
  limit?: number;
}

export interface InstallProgress {
  step: 'loading' | 'service-worker' | 'manifest' | 'icons' | 'recording' | 'start-up' | 'done';
  detail?: string;
}

/** A page opened with `open`: it stays loaded until `close` (or the host stops). */
export interface OpenedPage {
  id: string;
  appId: string;
  url: string;
}

/**
 * What a running host does for its user: the commands the CLI and (later) the tray UI offer. The same
 * object serves requests from the control socket and direct calls when no host is running.
 * `app` arguments accept an app id or an unambiguous name prefix.
 */
export interface HostOperations {
  install(url: string, onProgress?: (progress: InstallProgress) => void): Promise<AppRecord>;
  uninstall(app: string): Promise<AppRecord>;
  list(): AppRecord[];
  open(app: string, path?: string): Promise<OpenedPage>;
  closePage(id: string): Promise<void>;
  syncs(app?: string): SyncSummary[];
  runs(query?: RunQuery): RunRecord[];
  run(app: string, tag: string): Promise<RunRecord>;
}

export type { AppRecord, RunRecord, RunTrigger };
