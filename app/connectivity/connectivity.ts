/** Whether the machine can reach a network, as the shell's OS integration reports it. */
export interface ConnectivitySource {
  isOnline(): boolean;
  /** Calls `listener` when connectivity changes; returns a function that stops listening. */
  subscribe(listener: (online: boolean) => void): () => void;
  close?(): void;
}

/** A source whose state is set by its owner: for shells that learn connectivity elsewhere, and for tests. */
export class ManualConnectivity implements ConnectivitySource {
  #online: boolean;
  readonly #listeners = new Set<(online: boolean) => void>();

  constructor(online = true) {
    this.#online = online;
  }

  isOnline(): boolean {
    return this.#online;
  }

  set(online: boolean): void {
    if (online === this.#online) return;
    this.#online = online;
    for (const listener of this.#listeners) listener(online);
  }

  subscribe(listener: (online: boolean) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }
}
