import { withTimeout } from '../base/wait.ts';
import type { ServiceWorkerOutcome, WorkerState, WorkerWatch } from '../engine/browser-pages.ts';
import type { CdpConnection } from './cdp-connection.ts';

/** A failed worker's errors arrive over a few more milliseconds (the handler's own after the browser's). */
const ERROR_GRACE_MS = 250;

interface VersionReport {
  versionId: string;
  registrationId: string;
  status: string;
}

interface ErrorReport {
  errorMessage: string;
  registrationId: string;
  versionId: string;
}

/** Chromium's words when it refuses a worker's script ("…when fetching the script.", "The script has…"). */
const SCRIPT_REFUSED = /fetching the script|The script (has|resource)|Failed to register a ServiceWorker/;

/** What the page itself says: the scope of its active, activated worker, or undefined once it gives up. */
export type ActivationCheck = (timeoutMs: number) => Promise<string | undefined>;

/**
 * Follows the service workers a page registers, through the page's DevTools session, from before its
 * navigation (a worker can fail within milliseconds of the page's load): the ServiceWorker domain reports
 * each version's status and the errors its worker raised (an install handler that failed, a script that
 * threw), the Log domain the script fetch the browser refused. So an install learns at once what became
 * of the worker, and why, instead of waiting out its time limit. The page's own `ready` decides success.
 */
export class ServiceWorkerWatch implements WorkerWatch {
  readonly #cdp: CdpConnection;
  readonly #sessionId: string;
  readonly #origin: () => Promise<string>;
  readonly #activated: ActivationCheck;
  readonly #scopes = new Map<string, string>();
  readonly #statuses = new Map<string, { registrationId: string; status: string }>();
  readonly #errors = new Map<string, string[]>();
  /** Versions that went redundant before they were installed (by registration), and refused scripts. */
  readonly #failedVersions: { versionId: string; registrationId: string }[] = [];
  readonly #refusedScripts: string[] = [];
  readonly #changed = new Set<() => void>();
  readonly #stops: (() => void)[];

  private constructor(
    cdp: CdpConnection,
    sessionId: string,
    origin: () => Promise<string>,
    activated: ActivationCheck,
  ) {
    this.#cdp = cdp;
    this.#sessionId = sessionId;
    this.#origin = origin;
    this.#activated = activated;
    const on = (event: string, handler: (params: Record<string, unknown>) => void) =>
      cdp.on(event, (params, from) => {
        if (from !== sessionId) return;
        handler(params);
        for (const recheck of this.#changed) recheck();
      });
    this.#stops = [
      on('ServiceWorker.workerRegistrationUpdated', (params) => {
        for (const registration of params.registrations as { registrationId: string; scopeURL: string }[])
          this.#scopes.set(registration.registrationId, registration.scopeURL);
      }),
      on('ServiceWorker.workerErrorReported', (params) => {
        const report = params.errorMessage as ErrorReport;
        const seen = this.#errors.get(report.versionId) ?? [];
        if (!seen.includes(report.errorMessage)) seen.push(report.errorMessage);
        this.#errors.set(report.versionId, seen);
      }),
      on('ServiceWorker.workerVersionUpdated', (params) => {
        for (const version of params.versions as VersionReport[]) {
          const before = this.#statuses.get(version.versionId)?.status;
          this.#statuses.set(version.versionId, version);
          // One that never got past installing failed (a version replaced by a newer one was installed first).
          if (version.status === 'redundant' && (before === 'new' || before === 'installing'))
            this.#failedVersions.push(version);
        }
      }),
      on('Log.entryAdded', (params) => {
        const entry = params.entry as { level: string; text: string };
        if (entry.level === 'error' && SCRIPT_REFUSED.test(entry.text)) this.#refusedScripts.push(entry.text);
      }),
    ];
  }

  /** Starts following the page's workers: call it before the page navigates. */
  static async start(
    cdp: CdpConnection,
    sessionId: string,
    origin: () => Promise<string>,
    activated: ActivationCheck,
  ): Promise<ServiceWorkerWatch> {
    const watch = new ServiceWorkerWatch(cdp, sessionId, origin, activated);
    try {
      await Promise.all([
        cdp.send('ServiceWorker.enable', {}, sessionId),
        cdp.send('Log.enable', {}, sessionId),
      ]);
    } catch (error) {
      await watch.stop();
      throw error;
    }
    return watch;
  }

  async outcome(timeoutMs: number, onState?: (state: WorkerState) => void): Promise<ServiceWorkerOutcome> {
    const origin = await this.#origin();
    let state: WorkerState = 'not-registered';
    const failed = Promise.withResolvers<string[]>();
    let failing = false;
    const check = () => {
      const next = this.#stateOf(origin);
      // Once active, no version is on its way: that is no step back to "not registered".
      if (next !== state && next !== 'not-registered') {
        state = next;
        onState?.(state);
      }
      if (failing) return;
      const refused = this.#refusedScripts.at(0);
      const version = this.#failedVersions.find((failure) => this.#isOurs(failure.registrationId, origin));
      if (refused !== undefined) {
        failing = true;
        failed.resolve([refused]);
      } else if (version) {
        failing = true;
        // The worker's own errors follow the browser's "failed to install" by a moment.
        setTimeout(() => failed.resolve(this.#errors.get(version.versionId) ?? []), ERROR_GRACE_MS).unref();
      }
    };
    this.#changed.add(check);
    check();
    // The state is read when the outcome is made: a time-out names the step the worker was stuck at.
    const timedOut = (): ServiceWorkerOutcome => ({ kind: 'timeout', state });
    try {
      return await withTimeout(
        Promise.race([
          this.#activated(timeoutMs).then(
            (scope): ServiceWorkerOutcome => (scope === undefined ? timedOut() : { kind: 'active', scope }),
          ),
          failed.promise.then((errors): ServiceWorkerOutcome => ({ kind: 'failed', errors })),
        ]),
        timeoutMs,
        timedOut,
      );
    } finally {
      this.#changed.delete(check);
    }
  }

  async registered(): Promise<boolean> {
    const origin = await this.#origin();
    return [...this.#scopes.keys()].some((registrationId) => this.#isOurs(registrationId, origin));
  }

  async stop(): Promise<void> {
    for (const stop of this.#stops.splice(0)) stop();
    await Promise.all([
      this.#cdp.send('ServiceWorker.disable', {}, this.#sessionId).catch(() => {}),
      this.#cdp.send('Log.disable', {}, this.#sessionId).catch(() => {}),
    ]);
  }

  #isOurs(registrationId: string, origin: string): boolean {
    return URL.parse(this.#scopes.get(registrationId) ?? '')?.origin === origin;
  }

  /** The furthest step any live version of the origin's workers is at. */
  #stateOf(origin: string): WorkerState {
    let furthest: WorkerState = 'not-registered';
    for (const { registrationId, status } of this.#statuses.values()) {
      if (!this.#isOurs(registrationId, origin)) continue;
      const state = STATE_OF[status];
      if (state && ORDER.indexOf(state) > ORDER.indexOf(furthest)) furthest = state;
    }
    return furthest;
  }
}

const ORDER: readonly WorkerState[] = ['not-registered', 'installing', 'installed', 'activating'];

const STATE_OF: Record<string, WorkerState | undefined> = {
  new: 'installing',
  installing: 'installing',
  installed: 'installed',
  activating: 'activating',
};
