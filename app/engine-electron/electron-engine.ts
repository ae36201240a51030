import type { DispatchOutcome, DispatchRequest, Engine, EngineHost } from '../engine/engine-port.ts';
import { type Logger, silentLogger } from '../logging/logger.ts';
import type { ElectronSurface } from './electron-surface.ts';

export interface ElectronEngineOptions {
  /** The apps session (`persist:apps`) as the port; `main/electron-surface.ts` builds it from Electron. */
  surface: ElectronSurface;
  logger?: Logger;
  /** How long `ensureWorkerRunning` retries `startWorkerForScope` while the worker is "starting". */
  workerStartTimeoutMs?: number;
}

/**
 * The engine port on Electron's own service-worker APIs. Interface commit: the body follows.
 */
export function createElectronEngine(options: ElectronEngineOptions): Engine {
  const logger = options.logger ?? silentLogger;
  return {
    name: 'electron',
    async start(_host: EngineHost) {
      logger.info({}, 'Electron engine started');
    },
    async ensureWorkerRunning(scope: string) {
      await options.surface.serviceWorkers.startWorkerForScope(scope);
    },
    async dispatchPeriodicSync(_request: DispatchRequest): Promise<DispatchOutcome> {
      return { status: 'failed', error: 'The Electron engine is not built yet.' };
    },
    async stop() {},
  };
}
