import type { ShimLimits } from '../engine/shim-limits.ts';
import type { ShimTransport } from '../shim/periodic-sync-shim.js';

export declare function createBindingTransport(
  bindingName: string,
  listenerName: string,
  limits: ShimLimits,
): ShimTransport;
