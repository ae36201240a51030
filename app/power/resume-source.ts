import { type ListenerErrorHandler, rethrowListenerError, TypedEmitter } from '../base/typed-emitter.ts';

/** Tells the host that the machine woke from sleep (or its clock moved), so the schedule is re-planned. */
export interface ResumeSource {
  /** A short name for logs and `status`. */
  readonly kind: string;
  onResume(listener: () => void): () => void;
  close(): void;
}

/** Listener bookkeeping shared by every resume source (the shells' too): a typed emitter of one event. */
export class ResumeListeners {
  readonly #events: TypedEmitter<{ resume: undefined }>;

  /** A listener that throws is reported here; by default it surfaces as uncaught once the others ran. */
  constructor(onListenerError: ListenerErrorHandler = rethrowListenerError) {
    this.#events = new TypedEmitter(onListenerError);
  }

  add(listener: () => void): () => void {
    return this.#events.on('resume', listener);
  }

  notify(): void {
    this.#events.emit('resume', undefined);
  }

  clear(): void {
    this.#events.clear();
  }
}
