import type { AppendListener, StoredEvent } from './port';

/**
 * The `onAppended` listeners of one store object. A listener is only a wake-up signal: its failure never
 * fails the append that was already committed.
 *
 * @example
 * const listeners = new AppendListeners();
 * onAppended: (listener) => listeners.add(listener),
 * // after commit:
 * listeners.notify(result.events); // or notify() when only the log's growth is known
 */
export class AppendListeners {
  private readonly listeners = new Set<AppendListener>();

  /** Registers a listener; returns the function that removes it. */
  add(listener: AppendListener): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  /** Calls every listener (with the appended events when the caller has them), swallowing their errors. */
  notify(appended?: readonly StoredEvent[]): void {
    for (const listener of [...this.listeners]) {
      try {
        listener(appended);
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
