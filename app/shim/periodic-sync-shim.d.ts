/**
 * Carries shim messages between a page or worker and the host, the same way in both directions; each
 * engine supplies its own (a DevTools binding, Electron's contextBridge/IPC).
 */
export interface ShimTransport {
  /**
   * Delivers a JSON-able message to the host; false (and nothing sent) when it is longer than the host
   * takes (MAX_SHIM_MESSAGE_LENGTH).
   */
  send(message: unknown): boolean;
  /** The calls the shim lets one page or worker make (SHIM_CALL_BUDGET); it refuses the rest itself. */
  readonly callBudget: { burst: number; perSecond: number };
  /** Calls `handler` with every message the host sends (replies to calls, events to dispatch). */
  onMessage(handler: (message: unknown) => void): void;
}

export declare function installPeriodicSyncShim(transport: ShimTransport): void;
