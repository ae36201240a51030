import { networkInterfaces } from 'node:os';
import { rethrowListenerError, TypedEmitter } from '../base/typed-emitter.ts';
import type { ConnectivityEvents, ConnectivitySource } from './connectivity.ts';

const RECHECK_WHILE_OFFLINE_MS = 2000;

/** Online when any non-loopback interface has an address. */
export function hasExternalAddress(): boolean {
  return Object.values(networkInterfaces()).some((addresses) =>
    addresses?.some((address) => !address.internal),
  );
}

/**
 * A portable fallback that reads the OS's interface list: checked whenever the core asks, and re-checked
 * every 2 s only while offline with someone listening, so an online host has no timer at all.
 */
export class NetworkInterfacesConnectivity implements ConnectivitySource {
  readonly #events = new TypedEmitter<ConnectivityEvents>(rethrowListenerError);
  readonly #probe: () => boolean;
  #online: boolean;
  #recheck: NodeJS.Timeout | undefined;

  constructor(probe: () => boolean = hasExternalAddress) {
    this.#probe = probe;
    this.#online = probe();
  }

  isOnline(): boolean {
    this.#update(this.#probe());
    return this.#online;
  }

  subscribe(listener: (online: boolean) => void): () => void {
    const unsubscribe = this.#events.on('change', listener);
    this.#watchWhileOffline();
    return () => {
      unsubscribe();
      this.#watchWhileOffline();
    };
  }

  close(): void {
    this.#events.clear();
    this.#watchWhileOffline();
  }

  #update(online: boolean): void {
    if (online === this.#online) return;
    this.#online = online;
    this.#watchWhileOffline();
    this.#events.emit('change', online);
  }

  #watchWhileOffline(): void {
    const shouldWatch = !this.#online && this.#events.listenerCount('change') > 0;
    if (shouldWatch && !this.#recheck) {
      this.#recheck = setInterval(() => this.#update(this.#probe()), RECHECK_WHILE_OFFLINE_MS);
      this.#recheck.unref();
    } else if (!shouldWatch && this.#recheck) {
      clearInterval(this.#recheck);
      this.#recheck = undefined;
    }
  }
}
