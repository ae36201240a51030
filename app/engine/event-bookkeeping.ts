import type { DispatchOutcome } from '../engine/engine-port.ts';

interface PendingEvent {
  /**
   * The worker the event was sent to, in the engine's own terms (a DevTools session, a worker version):
   * only it may finish the event.
   */
  worker: string;
  scope: string;
  settle: (outcome: DispatchOutcome) => void;
}

/**
 * The periodicsync events sent to workers and not yet finished, by id. Each ends exactly once: by the
 * worker's completion message, by the worker or browser going away, or by the host giving up. Shared by
 * the engines: only what identifies a worker differs.
 */
export class EventBookkeeping {
  readonly #events = new Map<number, PendingEvent>();
  readonly #perScope = new Map<string, number>();
  #nextId = 1;

  /** Records a new event; `outcome` resolves when it ends. */
  open(worker: string, scope: string): { id: number; outcome: Promise<DispatchOutcome> } {
    const id = this.#nextId++;
    this.#perScope.set(scope, (this.#perScope.get(scope) ?? 0) + 1);
    const outcome = new Promise<DispatchOutcome>((resolve) => {
      this.#events.set(id, { worker, scope, settle: resolve });
    });
    return { id, outcome };
  }

  /** Forgets event `id` once its caller has the outcome; returns how many events its scope still runs. */
  close(scope: string): number {
    const left = (this.#perScope.get(scope) ?? 1) - 1;
    if (left === 0) this.#perScope.delete(scope);
    else this.#perScope.set(scope, left);
    return left;
  }

  isRunningIn(scope: string): boolean {
    return (this.#perScope.get(scope) ?? 0) > 0;
  }

  /** The worker event `id` was sent to, while it is pending. */
  workerOf(id: number): string | undefined {
    return this.#events.get(id)?.worker;
  }

  settle(id: number, outcome: DispatchOutcome): void {
    const pending = this.#events.get(id);
    if (!pending) return;
    this.#events.delete(id);
    pending.settle(outcome);
  }

  /** Ends every pending event that `matches` with `outcome` (its worker or the browser went away). */
  settleWhere(
    matches: (event: { worker: string; scope: string }) => boolean,
    outcome: DispatchOutcome,
  ): void {
    for (const [id, pending] of [...this.#events]) {
      if (matches(pending)) this.settle(id, outcome);
    }
  }

  settleAll(outcome: DispatchOutcome): void {
    this.settleWhere(() => true, outcome);
  }
}
