import type { CdpConnection } from './cdp-connection.ts';
import type { TargetSessions } from './target-sessions.ts';
import type { WorkerRegistry } from './worker-registry.ts';

/** What the engine holds of one running browser; a restarted browser gets a fresh one. */
export interface BrowserView {
  cdp: CdpConnection;
  sessions: TargetSessions;
  /** The browser's service worker registrations and versions, as it reports them. */
  registry: WorkerRegistry;
  /** The hidden page whose session hosts ServiceWorker.* commands. */
  controlSession: string;
  /** Aborted when this browser goes away. */
  lost: AbortSignal;
}
