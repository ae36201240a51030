/** Carries shim messages to the host; each engine supplies its own. */
export interface ShimTransport {
  send(message: unknown): void;
}

export declare function installPeriodicSyncShim(transport: ShimTransport, hostGlobalName: string): void;
