import { rethrowListenerError, TypedEmitter } from '../base/typed-emitter.ts';

/** Whether the machine can reach a network, as the shell's OS integration reports it. */
export interface ConnectivitySource {
  isOnline(): boolean;
  /** Calls `listener` when connectivity changes; returns a function that stops listening. */
  subscribe(listener: (online: boolean) => void): () => void;
  close?(): void;
}

/** What a connectivity source emits: `change` with the new state. */
export interface ConnectivityEvents {
  change: boolean;
}

/** A source whose state is set by its owner: for shells that learn connectivity elsewhere, and for tests. */
export class ManualConnectivity implements ConnectivitySource {
  #online: boolean;
  readonly #events = new TypedEmitter<ConnectivityEvents>(rethrowListenerError);

  constructor(online = true) {
    this.#online = online;
  }

  isOnline(): boolean {
    return this.#online;
  }

  set(online: boolean): void {
    if (online === this.#online) return;
    this.#online = online;
    this.#events.emit('change', online);
  }

  subscribe(listener: (online: boolean) => void): () => void {
    return this.#events.on('change', listener);
  }
}
