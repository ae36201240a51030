/** Tells the host that the machine woke from sleep (or its clock moved), so the schedule is re-planned. */
export interface ResumeSource {
  /** A short name for logs and `status`. */
  readonly kind: string;
  onResume(listener: () => void): () => void;
  close(): void;
}

/** Listener bookkeeping shared by every resume source. */
export class ResumeListeners {
  readonly #listeners = new Set<() => void>();

  add(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  notify(): void {
    for (const listener of [...this.#listeners]) listener();
  }

  clear(): void {
    this.#listeners.clear();
  }
}
