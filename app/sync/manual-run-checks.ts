import { HostError } from '../base/errors.ts';
import { browserUnavailable, describeEngineState } from '../engine/engine-port.ts';
import type { CoreContext } from './core-context.ts';

/**
 * Why a manual run of the event at `key` cannot fire now, as the HostError a person reads: offline, the
 * browser away (a stopped or starting one is fine `beforeStart`: the run starts it), or the same event
 * already running.
 */
export function refuseManualRun(
  context: CoreContext,
  key: string,
  what: { scope: string; tag: string },
  beforeStart: boolean,
): void {
  if (!context.connectivity.isOnline()) {
    throw new HostError('offline', 'The machine is offline; sync events fire only with connectivity.');
  }
  const engineState = context.engine.state?.();
  const startable = beforeStart && (engineState?.status === 'stopped' || engineState?.status === 'starting');
  if (engineState && engineState.status !== 'running' && !startable) {
    throw browserUnavailable(describeEngineState(engineState));
  }
  if (context.inFlight.has(key)) {
    throw new HostError(
      'already-running',
      `The "${what.tag}" event for ${what.scope} is already running; wait for it to end.`,
    );
  }
}
