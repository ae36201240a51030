/**
 * Runs async work one piece at a time, in the order it was queued: the next starts when the one before
 * it settled, whether it succeeded or failed.
 */
export class SerialQueue {
  #tail: Promise<unknown> = Promise.resolve();

  run<T>(work: () => Promise<T>): Promise<T> {
    const result = this.#tail.then(() => work());
    this.#tail = result.catch(() => {});
    return result;
  }
}
