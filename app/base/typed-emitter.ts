/** What an emitter does with a listener that throws: the other listeners and the emitting code go on. */
export type ListenerErrorHandler = (error: unknown, event: string) => void;

/**
 * For an emitter with no logger to report to: the error surfaces as the uncaught exception it would have
 * been without the emitter, once the other listeners had their event.
 */
export const rethrowListenerError: ListenerErrorHandler = (error) =>
  queueMicrotask(() => {
    throw error;
  });

type AnyListener<Events> = <E extends keyof Events>(event: E, data: Events[E]) => void;

/**
 * A typed event emitter with no dependencies: `Events` maps each event name to its data. Listeners run in
 * the order they subscribed; one that throws is reported to `onListenerError` and stops neither the others
 * nor the code that emitted (an observer must never break, say, a run being recorded).
 */
export class TypedEmitter<Events extends object> {
  readonly #listeners = new Map<keyof Events, Set<(data: never) => void>>();
  readonly #anyListeners = new Set<AnyListener<Events>>();
  readonly #onListenerError: ListenerErrorHandler;

  constructor(onListenerError: ListenerErrorHandler) {
    this.#onListenerError = onListenerError;
  }

  /** Calls `listener` with each `event`'s data; returns the function that unsubscribes. */
  on<E extends keyof Events>(event: E, listener: (data: Events[E]) => void): () => void {
    let listeners = this.#listeners.get(event);
    if (listeners === undefined) {
      listeners = new Set();
      this.#listeners.set(event, listeners);
    }
    listeners.add(listener);
    return () => listeners.delete(listener);
  }

  /** Calls `listener` with every event, for forwarding them elsewhere (a socket, an IPC channel). */
  onAny(listener: AnyListener<Events>): () => void {
    this.#anyListeners.add(listener);
    return () => this.#anyListeners.delete(listener);
  }

  /**
   * How many listeners an `event` reaches (its own and `onAny`'s): a source may work only while heard, and
   * an event whose data costs something to build need not be built for no one.
   */
  listenerCount(event: keyof Events): number {
    return (this.#listeners.get(event)?.size ?? 0) + this.#anyListeners.size;
  }

  /** Unsubscribes every listener (the source is closing). */
  clear(): void {
    this.#listeners.clear();
    this.#anyListeners.clear();
  }

  emit<E extends keyof Events>(event: E, data: Events[E]): void {
    // Copies: a listener may unsubscribe (itself or another) while the event is delivered.
    const listeners = [...(this.#listeners.get(event) ?? [])] as ((data: Events[E]) => void)[];
    for (const listener of listeners) this.#call(event, () => listener(data));
    for (const listener of [...this.#anyListeners]) this.#call(event, () => listener(event, data));
  }

  #call(event: keyof Events, deliver: () => void): void {
    try {
      deliver();
    } catch (error) {
      this.#onListenerError(error, String(event));
    }
  }
}
