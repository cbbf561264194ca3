/**
 * The `onAppended` listeners of one store object. A listener is only a wake-up signal: its failure never
 * fails the append that was already committed.
 *
 * @example
 * const listeners = new AppendListeners();
 * onAppended: (listener) => listeners.add(listener),
 * // after commit:
 * listeners.notify();
 */
export class AppendListeners {
  private readonly listeners = new Set<() => void>();

  /** Registers a listener; returns the function that removes it. */
  add(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  /** Calls every listener, swallowing their errors. */
  notify(): void {
    for (const listener of [...this.listeners]) {
      try {
        listener();
      } catch {
        // A listener is only a wake-up signal; its failure must not fail the committed append.
      }
    }
  }

  get size(): number {
    return this.listeners.size;
  }

  clear(): void {
    this.listeners.clear();
  }
}
