import { WorkerNotFoundError } from '../engine/engine-port.ts';
import type { ServiceWorkerMainSurface, ServiceWorkersSurface } from './electron-surface.ts';
import type { WorkerVersions } from './worker-versions.ts';

/**
 * How often a rejection with nothing seen starting is retried before it counts as "no registration". The
 * "starting" status is emitted before `startWorkerForScope` can reject because of it, so one retry covers
 * a start that began at that moment; a few cost only 200 ms on a scope that is really gone.
 */
const ATTEMPTS_BEFORE_NOT_FOUND = 3;
const RETRY_MS = 100;

/**
 * Starts (or finds running) the active worker of `scope` with `startWorkerForScope`. Electron rejects with
 * the same message when the worker is "starting" and when there is no registration
 * (`shell/browser/api/electron_api_service_worker_context.cc`: "Failed to start service worker."), so the
 * versions seen starting tell them apart: while one is starting, wait for its next status and try again.
 * Only a scope with no live version and nothing starting is `WorkerNotFoundError` — the host then reports
 * the worker missing and loads the app's start page again, so any doubt is an ordinary error instead.
 */
export async function startWorker(
  serviceWorkers: ServiceWorkersSurface,
  versions: WorkerVersions,
  scope: string,
  timeoutMs: number,
): Promise<ServiceWorkerMainSurface> {
  const deadline = performance.now() + timeoutMs;
  let sawStarting = false;
  // A start this call caused, and that failed within it, counts as seen starting too.
  const unsubscribe = versions.onChange((change) => {
    if (change.runningStatus === 'starting' && versions.scopeOf(change.versionId) === scope)
      sawStarting = true;
  });
  try {
    return await attemptStarts();
  } finally {
    unsubscribe();
  }

  async function attemptStarts(): Promise<ServiceWorkerMainSurface> {
    for (let rejections = 0; ; ) {
      let worker: ServiceWorkerMainSurface | undefined;
      try {
        worker = await serviceWorkers.startWorkerForScope(scope);
      } catch {
        rejections += 1;
        const starting = versions.isStarting(scope);
        if (starting) sawStarting = true;
        // Running by now (it finished starting meanwhile): ask again; otherwise it stopped while starting.
        else if (sawStarting && !versions.isRunning(scope)) {
          throw new Error(
            `The service worker for ${scope} stopped while starting (its script failed or its process ended); the next event starts it again.`,
          );
        } else if (!sawStarting && rejections >= ATTEMPTS_BEFORE_NOT_FOUND) {
          if (versions.hasLiveVersion(scope))
            throw new Error(`Electron could not start the service worker for ${scope}.`);
          throw new WorkerNotFoundError(scope);
        }
        await beforeRetry(starting || !sawStarting);
        continue;
      }
      if (worker) {
        versions.adopt(worker);
        return worker;
      }
      // The version it started was redundant by the time Electron looked it up: an update activated a newer
      // one, which the next attempt starts. The registration is there, so this is never "not found".
      await beforeRetry(true);
    }
  }

  /** Waits (if `wait`) for the scope's next status change, bounded by the deadline, which it enforces. */
  async function beforeRetry(wait: boolean): Promise<void> {
    const left = deadline - performance.now();
    if (left <= 0) throw new Error(`The service worker for ${scope} did not start within ${timeoutMs} ms.`);
    if (wait) await versions.nextChange(scope, Math.min(left, RETRY_MS));
  }
}
