import type { CheckpointStore, EventStore, StoredEvent } from './port';
import { TailSignals } from './tailSignals';

/** Which step of the subscription loop failed. */
export type SubscriptionPhase = 'load' | 'read' | 'handle' | 'save';

export interface SubscriptionErrorContext {
  subscriptionId: string;
  phase: SubscriptionPhase;
  /** 1 for the first failure of this step, counting up while it keeps failing */
  attempt: number;
  /** the event being handled or checkpointed ('handle' and 'save' only; a batch's first event) */
  event?: StoredEvent;
  /** how long the subscription waits before trying the same step again */
  retryInMs: number;
}

export interface SubscriptionOptions {
  store: EventStore;
  checkpoints: CheckpointStore;
  subscriptionId: string;
  /** called once per event, in global order, one at a time; may be called again for the same event (at-least-once) */
  handler?: (event: StoredEvent) => Promise<void> | void;
  /**
   * Instead of `handler`: called with each page read (up to `batchSize` events, in global order); the checkpoint is
   * saved once the page is handled, so a failure or crash hands the whole page over again (at-least-once).
   */
  batchHandler?: (events: StoredEvent[]) => Promise<void> | void;
  /** events per readAll (default 100) */
  batchSize?: number;
  /** how often to look for new events when nothing wakes the subscription (default 250 ms) */
  pollIntervalMs?: number;
  /** told about every failure before the retry; defaults to console.error */
  onError?: (error: unknown, context: SubscriptionErrorContext) => void;
  /** exponential backoff between retries of a failing step (default 100 ms doubling up to 5 s) */
  retry?: { initialDelayMs?: number; maxDelayMs?: number };
}

export interface Subscription {
  /** Stops reading; resolves once the in-flight handler has finished and its checkpoint is saved. */
  stop(): Promise<void>;
  /** Resolves when every event in the log at the time of the call has been handled; rejects if stopped first. */
  caughtUp(): Promise<void>;
}

const defaultOnError = (error: unknown, context: SubscriptionErrorContext) => {
  console.error(
    `Subscription ${context.subscriptionId}: ${context.phase} failed (attempt ${context.attempt}), retrying in ${context.retryInMs} ms`,
    error,
  );
};

type Outcome<T> = { ok: true; value: T } | { ok: false };

/** Runs `step` (handling these events) and saves the checkpoint after them; false when the subscription stops. */
type HandleStep = (events: StoredEvent[], step: () => Promise<void>) => Promise<boolean>;

/** How a page is handled: event by event (a checkpoint after each), or as one batch (one checkpoint). */
function pageHandler(
  options: SubscriptionOptions,
): (page: StoredEvent[], handleStep: HandleStep) => Promise<boolean> {
  const { handler, batchHandler } = options;
  if ((typeof handler === 'function') === (typeof batchHandler === 'function')) {
    throw new TypeError('startSubscription: give exactly one of handler / batchHandler');
  }
  if (batchHandler) {
    return async (page, handleStep) =>
      page.length === 0 || handleStep(page, async () => await batchHandler(page));
  }
  return async (page, handleStep) => {
    for (const event of page) {
      if (!(await handleStep([event], async () => await handler!(event)))) return false;
    }
    return true;
  };
}

/** The options with their defaults filled in (batchSize checked), and `onError` wrapped so it cannot throw. */
function subscriptionSettings(options: SubscriptionOptions) {
  const batchSize = options.batchSize ?? 100;
  const pollIntervalMs = options.pollIntervalMs ?? 250;
  const initialDelayMs = options.retry?.initialDelayMs ?? 100;
  const maxDelayMs = options.retry?.maxDelayMs ?? 5000;
  const onError = options.onError ?? defaultOnError;
  if (!Number.isInteger(batchSize) || batchSize < 1)
    throw new RangeError('startSubscription: batchSize must be a positive integer');
  const report = (error: unknown, context: SubscriptionErrorContext) => {
    try {
      onError(error, context);
    } catch {
      // A broken error reporter must not stop the subscription.
    }
  };
  return { batchSize, pollIntervalMs, initialDelayMs, maxDelayMs, report };
}

/**
 * Tails the global log from a stored checkpoint and hands each event to `handler`, saving the
 * checkpoint only after the handler succeeded (at-least-once). A failing step is retried with
 * backoff until it succeeds or the subscription stops; an event is never skipped.
 *
 * @example
 * const sub = startSubscription({ store, checkpoints, subscriptionId: 'relay', handler: (e) => publish(e) });
 * await sub.caughtUp();
 * await sub.stop();
 */
export function startSubscription(options: SubscriptionOptions): Subscription {
  const { store, checkpoints, subscriptionId } = options;
  const handle = pageHandler(options);
  const { batchSize, pollIntervalMs, initialDelayMs, maxDelayMs, report } = subscriptionSettings(options);

  let stopped = false;
  let stopping: Promise<void> | undefined;
  const signals = new TailSignals(store);

  const attempt = async <T>(
    phase: SubscriptionPhase,
    event: StoredEvent | undefined,
    step: () => Promise<T>,
  ): Promise<Outcome<T>> => {
    for (let failures = 1; ; failures++) {
      try {
        return { ok: true, value: await step() };
      } catch (error) {
        const retryInMs = Math.min(maxDelayMs, initialDelayMs * 2 ** (failures - 1));
        report(error, { subscriptionId, phase, attempt: failures, ...(event ? { event } : {}), retryInMs });
        if (stopped) return { ok: false };
        await signals.pause(retryInMs);
        if (stopped) return { ok: false };
      }
    }
  };

  const run = async () => {
    const loaded = await attempt('load', undefined, () => checkpoints.load(subscriptionId));
    if (!loaded.ok) return;
    let after = loaded.value;
    while (!stopped) {
      signals.clearWake();
      let readNumber = 0;
      const read = await attempt('read', undefined, () => {
        readNumber = signals.beginRead();
        return store.readAll({ after, limit: batchSize });
      });
      if (!read.ok) return;
      const handled = await handle(read.value, async (events, step) => {
        if (stopped) return false;
        const first = events[0]!;
        const last = events[events.length - 1]!;
        if (!(await attempt('handle', first, step)).ok) return false;
        const saved = await attempt('save', first, () => checkpoints.save(subscriptionId, last.checkpoint));
        if (!saved.ok) return false;
        after = last.checkpoint;
        return true;
      });
      if (!handled) return;
      if (read.value.length < batchSize) {
        // A short page read after a caughtUp() call means everything committed before that call is handled.
        signals.reachedEnd(readNumber);
        if (!stopped) await signals.idle(pollIntervalMs);
      }
    }
  };

  const loop = run().catch((error: unknown) =>
    report(error, { subscriptionId, phase: 'read', attempt: 1, retryInMs: 0 }),
  );

  return {
    caughtUp() {
      if (stopped) return Promise.reject(new Error(`Subscription ${subscriptionId} is stopped`));
      return signals.caughtUp();
    },
    stop() {
      if (stopping === undefined) {
        stopped = true;
        signals.stop();
        stopping = loop.then(() =>
          signals.rejectWaiters(`Subscription ${subscriptionId} stopped before catching up`),
        );
      }
      return stopping;
    },
  };
}
