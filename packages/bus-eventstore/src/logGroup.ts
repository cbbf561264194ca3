import {
  describeError,
  type BusLogger,
  type DeliveredMessage,
  type SubscriptionHandlers,
} from '@appeals/bus';
import { TailSignals, type CheckpointStore, type EventStore } from '@appeals/eventstore';
import type { LogTail, TailEntry } from './logTail';

export interface LogGroupOptions {
  store: EventStore;
  /** the log as the groups read it (shared, so groups that keep up share one read) */
  tail: LogTail;
  checkpoints: CheckpointStore;
  groupId: string;
  /** the checkpoint's name in the store (one per group) */
  checkpointId: string;
  /** whether the entry's message is on one of the group's topics */
  wants: (entry: TailEntry) => boolean;
  /** one message at a time, or (batch) one partition's run of a page at a time */
  handlers: SubscriptionHandlers;
  /** deliveries of one message before it is dead-lettered */
  maxAttempts: number;
  /** where a message goes after its last failed attempt */
  deadLetter: (message: DeliveredMessage, error: unknown) => Promise<void>;
  /** a new group (no stored checkpoint) starts at the beginning of the log, or at its current end */
  fromBeginning: boolean;
  pageSize: number;
  retryBackoffMs: number[];
  /** the checkpoint is saved once this many events were handled since the last save, or this long after it */
  checkpointEvery: { events: number; ms: number };
  /** a safety net: how often to look at the log when no append wakes the group */
  pollIntervalMs: number;
  logger?: BusLogger | undefined;
}

export interface LogGroup {
  /** resolves when every event committed before the call has been handled (rejects once stopped) */
  caughtUp(): Promise<void>;
  /** stops after the in-flight page (or retry wait), saving the checkpoint of what was handled */
  stop(): Promise<void>;
}

/** The checkpoint just past the last event of the log now (a group that starts at the end). */
async function endOfLog(store: EventStore, pageSize: number): Promise<string | undefined> {
  let after: string | undefined;
  for (;;) {
    const page = await store.readAll({ after, limit: pageSize });
    if (page.length > 0) after = page[page.length - 1]!.checkpoint;
    if (page.length < pageSize) return after;
  }
}

/** Splits a page's messages into one run per partition, each in log order. */
function byPartition(messages: Array<Omit<DeliveredMessage, 'attempt'>>) {
  const runs = new Map<number, Array<Omit<DeliveredMessage, 'attempt'>>>();
  for (const message of messages) {
    const run = runs.get(message.partition);
    if (run) run.push(message);
    else runs.set(message.partition, [message]);
  }
  return [...runs.values()];
}

/**
 * One consumer group tailing the event store's global log from its own durable checkpoint: woken by every append,
 * a page at a time, at least once (the checkpoint moves only past handled events, and is saved in batches, so a
 * crash redelivers at most the last few hundred milliseconds; a clean stop redelivers nothing).
 */
export async function startLogGroup(options: LogGroupOptions): Promise<LogGroup> {
  const { store, checkpoints, checkpointId, logger } = options;
  let after = await checkpoints.load(checkpointId);
  if (after === undefined && !options.fromBeginning) {
    after = await endOfLog(store, options.pageSize);
    if (after !== undefined) await checkpoints.save(checkpointId, after);
  }
  let saved = after;
  let handledSinceSave = 0;
  let lastSaveAt = Date.now();
  let saveTimer: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;
  const signals = new TailSignals(store);

  const save = async () => {
    if (saveTimer) clearTimeout(saveTimer);
    saveTimer = undefined;
    if (after === undefined || after === saved) return;
    const checkpoint = after;
    try {
      await checkpoints.save(checkpointId, checkpoint);
      saved = checkpoint;
      handledSinceSave = 0;
      lastSaveAt = Date.now();
    } catch (error) {
      logger?.warn({ groupId: options.groupId, error: describeError(error) }, 'Checkpoint save failed');
    }
  };
  const saveSoon = () => {
    if (handledSinceSave >= options.checkpointEvery.events) return void save();
    if (Date.now() - lastSaveAt >= options.checkpointEvery.ms) return void save();
    saveTimer ??= setTimeout(() => void save(), options.checkpointEvery.ms);
    saveTimer.unref?.();
  };

  const pause = (ms: number) => signals.pause(ms);
  const backoffAfter = (failures: number) =>
    options.retryBackoffMs[Math.min(failures, options.retryBackoffMs.length) - 1] ?? 0;

  /** Delivers one message until it succeeds or is dead-lettered; false when the group stopped first. */
  const deliverOne = async (
    message: Omit<DeliveredMessage, 'attempt'>,
    handle: (m: DeliveredMessage) => Promise<void>,
    firstAttempt = 1,
  ): Promise<boolean> => {
    for (let attempt = firstAttempt; ; attempt++) {
      try {
        await handle({ ...message, headers: { ...message.headers }, attempt });
        return true;
      } catch (error) {
        const details = {
          groupId: options.groupId,
          topic: message.topic,
          partition: message.partition,
          offset: message.offset,
          attempt,
          error: describeError(error),
        };
        if (attempt >= options.maxAttempts) {
          logger?.error(details, 'Handler kept failing; message sent to the dead-letter topic');
          await options.deadLetter({ ...message, attempt }, error);
          return true;
        }
        logger?.warn(details, 'Handler failed; message will be redelivered');
        if (stopped) return false;
        await pause(backoffAfter(attempt));
        if (stopped) return false;
      }
    }
  };

  /** Delivers one page's messages; false when the group stopped before all were handled. */
  const deliverPage = async (messages: Array<Omit<DeliveredMessage, 'attempt'>>): Promise<boolean> => {
    const { batch, one } = options.handlers;
    if (!batch) {
      for (const message of messages) if (!(await deliverOne(message, one))) return false;
      return true;
    }
    for (const run of byPartition(messages)) {
      if (stopped) return false;
      try {
        await batch(run.map((m) => ({ ...m, headers: { ...m.headers }, attempt: 1 })));
      } catch {
        // the run failed (attempt 1): each message again alone, so a poison message is retried and dead-lettered alone
        for (const message of run) if (!(await deliverOne(message, one, 2))) return false;
      }
    }
    return true;
  };

  const readPage = async (fromStore: boolean): Promise<TailEntry[] | undefined> => {
    for (let failures = 1; !stopped; failures++) {
      try {
        return await options.tail.read(after, options.pageSize, fromStore);
      } catch (error) {
        logger?.warn({ groupId: options.groupId, error: describeError(error) }, 'Reading the log failed');
        await pause(backoffAfter(failures));
      }
    }
    return undefined;
  };

  const run = async () => {
    // the first read, and one after a quiet poll interval, go to the store: another process may have appended
    let polled = true;
    while (!stopped) {
      signals.clearWake();
      const readNumber = signals.beginRead();
      const page = await readPage(polled);
      if (!page) return;
      const messages = page.filter(options.wants).map((entry) => entry.message);
      if (!(await deliverPage(messages))) return;
      if (page.length > 0) {
        after = page[page.length - 1]!.event.checkpoint;
        handledSinceSave += page.length;
        saveSoon();
      }
      polled = false;
      // catching up on a long log: let requests and timers in between pages (handlers that never wait for I/O
      // would otherwise keep the event loop to themselves until the group reaches the end)
      if (page.length === options.pageSize) await new Promise<void>((resolve) => setImmediate(resolve));
      if (page.length < options.pageSize) {
        signals.reachedEnd(readNumber);
        if (!stopped) polled = !(await signals.idle(options.pollIntervalMs));
      }
    }
  };
  const loop = run().catch((error: unknown) => {
    logger?.error(
      { groupId: options.groupId, error: describeError(error) },
      'Consumer group stopped on an error',
    );
  });

  let stopping: Promise<void> | undefined;
  return {
    caughtUp() {
      if (stopped) return Promise.reject(new Error(`Consumer group ${options.groupId} is stopped`));
      return signals.caughtUp();
    },
    stop() {
      stopping ??= (async () => {
        stopped = true;
        signals.stop();
        await loop;
        await save();
        signals.rejectWaiters(`Consumer group ${options.groupId} stopped before catching up`);
      })();
      return stopping;
    },
  };
}
