import { randomBytes } from 'node:crypto';
import { installPeriodicSyncShim } from '../shim/periodic-sync-shim.js';
import { createBindingTransport } from './binding-transport.js';

/** Names the injected script uses, fresh per browser start so pages cannot rely on them. */
export interface ShimNames {
  binding: string;
  hostGlobal: string;
}

export function freshShimNames(): ShimNames {
  const suffix = randomBytes(8).toString('hex');
  return { binding: `__pwaHostBinding_${suffix}`, hostGlobal: `__pwaHost_${suffix}` };
}

/** The script injected into pages and service workers: the shared shim on a DevTools-binding transport. */
export function shimInjectionSource(names: ShimNames): string {
  return `(${installPeriodicSyncShim.toString()})((${createBindingTransport.toString()})(${JSON.stringify(
    names.binding,
  )}), ${JSON.stringify(names.hostGlobal)});`;
}

/** An expression that hands `message` to the shim in the target it is evaluated in. */
export function deliverToShim(names: ShimNames, message: unknown): string {
  return `globalThis[${JSON.stringify(names.hostGlobal)}]?.receive(${JSON.stringify(message)})`;
}
