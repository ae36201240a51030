/** What the window list needs of a window. */
export interface ListedWindow {
  /** Asks to close (`close` may be cancelled); resolves whether it closed. */
  close(): boolean;
  /** Closes without asking. */
  destroy(): void;
}

/**
 * Every window of the app, hidden ones included (electron/electron shell/browser/window_list.cc): when the
 * last one goes, the app hears `window-all-closed` or, while quitting, goes on with the quit.
 */
export class WindowList {
  readonly #windows = new Set<ListedWindow>();
  readonly #allClosed: (() => void)[] = [];
  #onCloseCancelled: () => void = () => {};

  add(window: ListedWindow): void {
    this.#windows.add(window);
  }

  remove(window: ListedWindow): void {
    if (!this.#windows.delete(window)) return;
    if (this.#windows.size === 0) for (const listener of this.#allClosed) listener();
  }

  isEmpty(): boolean {
    return this.#windows.size === 0;
  }

  count(): number {
    return this.#windows.size;
  }

  onAllClosed(listener: () => void): void {
    this.#allClosed.push(listener);
  }

  /** A `close` listener cancelled a close during a quit: the quit is off (shell/browser/browser.cc). */
  onCloseCancelled(listener: () => void): void {
    this.#onCloseCancelled = listener;
  }

  /** `WindowList::CloseAllWindows`: each window is asked, in turn. */
  closeAll(): void {
    for (const window of [...this.#windows]) if (!window.close()) this.#onCloseCancelled();
  }

  /** `WindowList::DestroyAllWindows`: no one is asked. */
  destroyAll(): void {
    for (const window of [...this.#windows]) window.destroy();
  }
}
