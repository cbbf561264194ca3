import type { EventStore } from './port';

/** A wait that a signal can cut short. */
export interface Sleep {
  promise: Promise<void>;
  wake: () => void;
}

/** Waits `ms`, or until `wake()` is called. */
export function sleep(ms: number): Sleep {
  let wake = () => {};
  const promise = new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    wake = () => {
      clearTimeout(timer);
      resolve();
    };
  });
  return { promise, wake };
}

interface Waiter {
  afterRead: number;
  resolve: () => void;
  reject: (e: Error) => void;
}

/**
 * The wake-ups and catch-up promises of a loop that tails the global log (a subscription, a consumer group): every
 * append wakes it, it idles between polls otherwise, and `caughtUp()` resolves once a read that started after the
 * call reached the end of the log and what it returned was handled.
 *
 * @example
 * const signals = new TailSignals(store);
 * while (!stopped) { signals.clearWake(); const n = signals.beginRead(); ...; if (short) { signals.reachedEnd(n); await signals.idle(250); } }
 */
export class TailSignals {
  /** set by every wake-up; cleared just before a read, so a signal that arrives mid-batch is never lost */
  private wakeRequested = false;
  private idling: Sleep | undefined;
  private backoff: Sleep | undefined;
  private reads = 0;
  private readonly waiters: Waiter[] = [];
  private readonly unsubscribe: () => void;

  constructor(store: Pick<EventStore, 'onAppended'>) {
    this.unsubscribe = store.onAppended(() => this.wake());
  }

  wake(): void {
    this.wakeRequested = true;
    this.idling?.wake();
  }

  /** Forgets earlier wake-ups: call just before reading. */
  clearWake(): void {
    this.wakeRequested = false;
  }

  /** Numbers a read about to start. */
  beginRead(): number {
    return ++this.reads;
  }

  /** Read `readNumber` reached the end of the log and all it returned is handled: resolves the waiters before it. */
  reachedEnd(readNumber: number): void {
    for (let i = this.waiters.length - 1; i >= 0; i--) {
      const waiter = this.waiters[i]!;
      if (waiter.afterRead < readNumber) {
        this.waiters.splice(i, 1);
        waiter.resolve();
      }
    }
  }

  /** Idles up to `ms` unless woken since the last read; true when a wake-up (not the timer) ended it. */
  async idle(ms: number): Promise<boolean> {
    if (this.wakeRequested) return true;
    this.idling = sleep(ms);
    await this.idling.promise;
    this.idling = undefined;
    return this.wakeRequested;
  }

  /** Waits `ms` before a retry; `stop()` cuts it short. */
  async pause(ms: number): Promise<void> {
    this.backoff = sleep(ms);
    await this.backoff.promise;
    this.backoff = undefined;
  }

  /** A promise for everything committed now having been handled (see the class). */
  caughtUp(): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.waiters.push({ afterRead: this.reads, resolve, reject });
      this.wake();
    });
  }

  /** Stops listening for appends and cuts every wait short. */
  stop(): void {
    this.unsubscribe();
    this.idling?.wake();
    this.backoff?.wake();
  }

  /** Rejects every pending caughtUp() (the loop stopped before catching up). */
  rejectWaiters(message: string): void {
    for (const waiter of this.waiters.splice(0)) waiter.reject(new Error(message));
  }
}
