import type { ShimTransport } from '../shim/periodic-sync-shim.js';

export declare function createBindingTransport(
  bindingName: string,
  listenerName: string,
  maxMessageLength: number,
): ShimTransport;
