import {
  describeError,
  isUndecodable,
  redelivery,
  toQuarantined,
  type BusLogger,
  type Quarantine,
  type QuarantinedMessage,
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
  /** where a message that can never be decoded goes after one attempt; replays requested there come back */
  quarantine: Quarantine;
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

/** Saves a group's checkpoint in batches: after `every.events` handled events, or `every.ms` after the last save. */
class BatchedCheckpoint {
  private saved: string | undefined;
  private handledSinceSave = 0;
  private lastSaveAt = Date.now();
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly options: Pick<
      LogGroupOptions,
      'checkpoints' | 'checkpointId' | 'checkpointEvery' | 'logger'
    >,
    /** the position handled so far */
    public position: string | undefined,
  ) {
    this.saved = position;
  }

  /** Records that `count` more events were handled, up to `position`; saves when due, or schedules it. */
  advance(position: string, count: number): void {
    this.position = position;
    this.handledSinceSave += count;
    const { events, ms } = this.options.checkpointEvery;
    if (this.handledSinceSave >= events || Date.now() - this.lastSaveAt >= ms) return void this.save();
    this.timer ??= setTimeout(() => void this.save(), ms);
    this.timer.unref?.();
  }

  async save(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    const checkpoint = this.position;
    if (checkpoint === undefined || checkpoint === this.saved) return;
    try {
      await this.options.checkpoints.save(this.options.checkpointId, checkpoint);
      this.saved = checkpoint;
      this.handledSinceSave = 0;
      this.lastSaveAt = Date.now();
    } catch (error) {
      this.options.logger?.warn(
        { checkpoint: this.options.checkpointId, error: describeError(error) },
        'Checkpoint save failed',
      );
    }
  }
}

type Pending = Omit<DeliveredMessage, 'attempt'>;

/** The tail loop of one group: read a page, deliver it, move the checkpoint, idle until the next append. */
class LogGroupRunner implements LogGroup {
  private stopped = false;
  private stopping: Promise<void> | undefined;
  private readonly signals: TailSignals;
  private readonly loop: Promise<void>;

  constructor(
    private readonly options: LogGroupOptions,
    private readonly checkpoint: BatchedCheckpoint,
  ) {
    this.signals = new TailSignals(options.store);
    this.loop = this.run().catch((error: unknown) => {
      options.logger?.error(
        { groupId: options.groupId, error: describeError(error) },
        'Consumer group stopped on an error',
      );
    });
  }

  caughtUp(): Promise<void> {
    if (this.stopped) return Promise.reject(new Error(`Consumer group ${this.options.groupId} is stopped`));
    return this.signals.caughtUp();
  }

  stop(): Promise<void> {
    this.stopping ??= (async () => {
      this.stopped = true;
      this.signals.stop();
      await this.loop;
      await this.checkpoint.save();
      this.signals.rejectWaiters(`Consumer group ${this.options.groupId} stopped before catching up`);
    })();
    return this.stopping;
  }

  private async run(): Promise<void> {
    const { pageSize, pollIntervalMs } = this.options;
    // the first read, and one after a quiet poll interval, go to the store: another process may have appended
    let polled = true;
    while (!this.stopped) {
      if (polled) await this.replayQuarantined();
      this.signals.clearWake();
      const readNumber = this.signals.beginRead();
      const page = await this.readPage(polled);
      if (!page) return;
      if (!(await this.deliverPage(page.filter(this.options.wants).map((entry) => entry.message)))) return;
      if (page.length > 0) this.checkpoint.advance(page[page.length - 1]!.event.checkpoint, page.length);
      polled = false;
      if (page.length === pageSize) {
        // catching up on a long log: let requests and timers in between pages (handlers that never wait for I/O
        // would otherwise keep the event loop to themselves until the group reaches the end)
        await new Promise<void>((resolve) => setImmediate(resolve));
        continue;
      }
      this.signals.reachedEnd(readNumber);
      if (!this.stopped) polled = !(await this.signals.idle(pollIntervalMs));
    }
  }

  private async readPage(fromStore: boolean): Promise<TailEntry[] | undefined> {
    for (let failures = 1; !this.stopped; failures++) {
      try {
        return await this.options.tail.read(this.checkpoint.position, this.options.pageSize, fromStore);
      } catch (error) {
        this.options.logger?.warn(
          { groupId: this.options.groupId, error: describeError(error) },
          'Reading the log failed',
        );
        await this.signals.pause(this.backoffAfter(failures));
      }
    }
    return undefined;
  }

  /** Delivers one page's messages; false when the group stopped before all were handled. */
  private async deliverPage(messages: Pending[]): Promise<boolean> {
    const { batch, one } = this.options.handlers;
    if (!batch) {
      for (const message of messages) if (!(await this.deliverOne(message, one))) return false;
      return true;
    }
    for (const run of byPartition(messages)) {
      if (this.stopped) return false;
      try {
        await batch(run.map((m) => ({ ...m, headers: { ...m.headers }, attempt: 1 })));
      } catch {
        // the run failed (attempt 1): each message again alone, so a poison message is retried and dead-lettered alone
        for (const message of run) if (!(await this.deliverOne(message, one, 2))) return false;
      }
    }
    return true;
  }

  /** Delivers one message until it succeeds or is dead-lettered; false when the group stopped first. */
  private async deliverOne(
    message: Pending,
    handle: (m: DeliveredMessage) => Promise<void>,
    firstAttempt = 1,
  ): Promise<boolean> {
    const { groupId, maxAttempts, logger } = this.options;
    for (let attempt = firstAttempt; ; attempt++) {
      try {
        await handle({ ...message, headers: { ...message.headers }, attempt });
        return true;
      } catch (error) {
        if (isUndecodable(error) && (await this.quarantined({ ...message, attempt }, error))) return true;
        const { topic, partition, offset } = message;
        const details = { groupId, topic, partition, offset, attempt, error: describeError(error) };
        if (attempt >= maxAttempts) {
          logger?.error(details, 'Handler kept failing; message sent to the dead-letter topic');
          await this.options.deadLetter({ ...message, attempt }, error);
          return true;
        }
        logger?.warn(details, 'Handler failed; message will be redelivered');
        if (this.stopped) return false;
        await this.signals.pause(this.backoffAfter(attempt));
        if (this.stopped) return false;
      }
    }
  }

  /** Sets an undecodable message aside (true), or says the quarantine refused it (false: it is retried). */
  private async quarantined(message: DeliveredMessage, error: unknown): Promise<boolean> {
    const { groupId, logger, quarantine } = this.options;
    const { topic, partition, offset } = message;
    try {
      const entry = await quarantine.add(toQuarantined(groupId, message, error));
      logger?.error(
        { groupId, topic, partition, offset, quarantineId: entry.id, error: entry.error },
        'Undecodable message quarantined',
      );
      return true;
    } catch (failure) {
      logger?.warn(
        { groupId, topic, partition, offset, error: describeError(failure) },
        'Quarantining failed',
      );
      return false;
    }
  }

  /**
   * Delivers again the quarantined messages an operator asked to replay (`pnpm quarantine replay`), each like a new
   * message: handled (or dead-lettered after its attempts), it leaves the quarantine; undecodable again, it stays
   * there with the new error and without the request.
   */
  private async replayQuarantined(): Promise<void> {
    const { groupId, logger, quarantine, handlers } = this.options;
    let entries: QuarantinedMessage[];
    try {
      entries = await quarantine.replayable(groupId);
    } catch (error) {
      logger?.warn({ groupId, error: describeError(error) }, 'Reading the quarantine failed');
      return;
    }
    for (const entry of entries) {
      const { attempt: _attempt, ...message } = redelivery(entry);
      if (!(await this.deliverOne(message, handlers.one))) return;
      if ((await quarantine.get(entry.id))?.replayRequested) await quarantine.remove(entry.id);
    }
  }

  private backoffAfter(failures: number): number {
    const backoff = this.options.retryBackoffMs;
    return backoff[Math.min(failures, backoff.length) - 1] ?? 0;
  }
}

/**
 * One consumer group tailing the event store's global log from its own durable checkpoint: woken by every append,
 * a page at a time, at least once (the checkpoint moves only past handled events, and is saved in batches, so a
 * crash redelivers at most the last few hundred milliseconds; a clean stop redelivers nothing).
 */
export async function startLogGroup(options: LogGroupOptions): Promise<LogGroup> {
  const { store, checkpoints, checkpointId } = options;
  let after = await checkpoints.load(checkpointId);
  if (after === undefined && !options.fromBeginning) {
    after = await endOfLog(store, options.pageSize);
    if (after !== undefined) await checkpoints.save(checkpointId, after);
  }
  return new LogGroupRunner(options, new BatchedCheckpoint(options, after));
}
