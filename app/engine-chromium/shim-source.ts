import { randomBytes } from 'node:crypto';
import { SHIM_LIMITS } from '../engine/shim-limits.ts';
import { installPeriodicSyncShim } from '../shim/periodic-sync-shim.js';
import { createBindingTransport } from './binding-transport.js';

/** Names the injected script uses, fresh per browser start so pages cannot guess them. */
export interface ShimNames {
  binding: string;
  /** The event name whose listener on the global receives the host's messages. */
  listener: string;
}

export function freshShimNames(): ShimNames {
  return {
    binding: `__pwaHostBinding_${randomBytes(8).toString('hex')}`,
    listener: `pwa-host-${randomBytes(16).toString('hex')}`,
  };
}

/** The script injected into pages and service workers: the shared shim on a DevTools-binding transport. */
export function shimInjectionSource(names: ShimNames): string {
  return `(${installPeriodicSyncShim.toString()})((${createBindingTransport.toString()})(${JSON.stringify(
    names.binding,
  )}, ${JSON.stringify(names.listener)}, ${JSON.stringify(SHIM_LIMITS)}));`;
}

/**
 * An expression that hands `message` to the shim in the target it is evaluated in. Needs the command-line
 * API (`includeCommandLineAPI: true`); it is a no-op where no shim listens.
 */
export function deliverToShim(names: ShimNames, message: unknown): string {
  return `getEventListeners(globalThis)[${JSON.stringify(names.listener)}]?.[0]?.listener(${JSON.stringify(message)})`;
}

/**
 * Like deliverToShim, and the expression's value is the shim's listener itself: its handle (a DevTools
 * object id, valid while the target's global lives) lets later messages go out by `callShimListener`.
 */
export function deliverToShimKeepingListener(names: ShimNames, message: unknown): string {
  return `((listener) => (listener?.(${JSON.stringify(message)}), listener))(getEventListeners(globalThis)[${JSON.stringify(names.listener)}]?.[0]?.listener)`;
}

/** For Runtime.callFunctionOn on the shim listener's handle, with the message as its one argument. */
export const callShimListener = 'function (message) { this(message); }';
