import {
  createInProcessBus,
  partitionFor,
  subscriptionHandlers,
  toDeadLetter,
  createInMemoryQuarantine,
  type Bus,
  type Quarantine,
  type BusLogger,
  type Consumer,
  type DeliveredMessage,
  type SubscribeOptions,
} from '@appeals/bus';
import { toEventMessage, topicForStream, Topics } from '@appeals/contracts';
import type { CheckpointStore, EventStore, StoredEvent } from '@appeals/eventstore';
import { toEnvelope } from '@appeals/relay';
import { startLogGroup, type LogGroup } from './logGroup';
import { createLogTail, type TailEntry } from './logTail';

export interface EventStoreBusOptions {
  store: EventStore;
  /** where each group's position in the log is kept (the SQLite store's own `checkpoints` in embedded mode) */
  checkpoints: CheckpointStore;
  /** the topic of each stored event (default: appeal streams → appeals.events.v1, calendars, applicants) */
  topicFor?: (event: StoredEvent) => string;
  /** the topics that are the log itself (default: the appeal, calendar, applicant, notification and surge event topics) */
  logTopics?: readonly string[];
  /** every other topic (per-agency topics, the dead-letter topic); an in-process bus by default */
  side?: Bus;
  /**
   * where groups set aside messages their handler can never decode (one attempt), and find the replays an operator
   * requested (the SQLite or PostgreSQL store's `quarantine`); in memory by default. The side bus has its own.
   */
  quarantine?: Quarantine;
  /** partitions a message's key maps to, as on Kafka (default 12) */
  partitions?: number;
  /** events per read of the log (default 500) */
  pageSize?: number;
  /** deliveries before a message is dead-lettered (default 5, per subscription as on every bus) */
  retryBackoffMs?: number[];
  /** a group's checkpoint is saved after this many events or this long after the last save (500, 200 ms) */
  checkpointEvery?: { events: number; ms: number };
  /** how often a group looks at the log when no append in this process woke it (default 1000 ms) */
  pollIntervalMs?: number;
  logger?: BusLogger;
}

/** The name of a consumer group's checkpoint in the checkpoint store. */
export const groupCheckpointId = (groupId: string) => `bus:${groupId}`;

const DEFAULT_LOG_TOPICS = [
  Topics.appealEvents,
  Topics.calendarEvents,
  Topics.applicantEvents,
  Topics.notificationEvents,
  Topics.surgeEvents,
  Topics.faqEvents,
];

/** How a stored event travels to the groups: its CloudEvents message, partitioned by key, offset = global position. */
const tailEntry =
  (topicFor: (e: StoredEvent) => string, partitions: number) =>
  (event: StoredEvent): TailEntry => {
    const message = toEventMessage(toEnvelope(event), topicFor(event));
    return {
      event,
      message: { ...message, partition: partitionFor(message.key, partitions), offset: event.globalPosition },
    };
  };

/** A group's settings from the bus's options and the subscription, with the defaults of the other adapters. */
const groupSettings = (options: EventStoreBusOptions, subscription: SubscribeOptions) => ({
  store: options.store,
  checkpoints: options.checkpoints,
  groupId: subscription.groupId,
  checkpointId: groupCheckpointId(subscription.groupId),
  handlers: subscriptionHandlers(subscription),
  maxAttempts: subscription.maxAttempts ?? 5,
  fromBeginning: subscription.fromBeginning !== false,
  pageSize: options.pageSize ?? 500,
  retryBackoffMs: options.retryBackoffMs ?? [50, 200, 1000],
  checkpointEvery: options.checkpointEvery ?? { events: 500, ms: 200 },
  pollIntervalMs: options.pollIntervalMs ?? 1000,
  logger: options.logger,
});

/**
 * A Bus whose event topics are the event store's global log itself: a consumer group reads the log from its own
 * durable checkpoint, so nothing is copied into a second log, a restart resumes where each group stopped (start-up
 * does not grow with history), and nothing committed is lost or handled twice after a clean stop. Publishing to a
 * log topic is refused (append to the store instead); every other topic (per-agency topics, dead letters) goes to
 * the side bus. Kafka's semantics hold per key: one appeal's events arrive in order; groups are independent; a
 * handler that keeps failing sends its message to the dead-letter topic. One member per group (one process).
 *
 * @example
 * const bus = createEventStoreBus({ store, checkpoints: store.checkpoints });
 * await bus.subscribe({ groupId: 'routing', topics: [Topics.appealEvents], handler: async (m) => route(m) });
 */
export function createEventStoreBus(options: EventStoreBusOptions): Bus {
  const { store } = options;
  const topicFor = options.topicFor ?? ((e: StoredEvent) => topicForStream(e.streamId));
  const logTopics = new Set(options.logTopics ?? DEFAULT_LOG_TOPICS);
  const side = options.side ?? createInProcessBus({ partitions: options.partitions ?? 12 });
  const partitions = options.partitions ?? 12;
  const groups = new Map<string, LogGroup>();
  const quarantine = options.quarantine ?? createInMemoryQuarantine();
  const tail = createLogTail(store, tailEntry(topicFor, partitions));
  let closed = false;

  const deadLetter = async (message: DeliveredMessage, error: unknown) => {
    const letter = toDeadLetter(message, error);
    if (letter) await side.publish([letter]);
  };

  const subscribeToLog = async (subscription: SubscribeOptions, topics: Set<string>): Promise<Consumer> => {
    const { groupId } = subscription;
    if (groups.has(groupId))
      throw new Error(
        `Consumer group ${groupId} already has a member: the log-backed bus takes one per group`,
      );
    const group = await startLogGroup({
      ...groupSettings(options, subscription),
      tail,
      wants: (entry) => topics.has(entry.message.topic),
      deadLetter,
      quarantine,
    });
    groups.set(groupId, group);
    let stopping: Promise<void> | undefined;
    return {
      stop: () =>
        (stopping ??= group.stop().then(() => {
          groups.delete(groupId);
        })),
    };
  };

  return {
    async publish(messages) {
      if (closed) throw new Error('The bus is closed');
      const refused = messages.find((m) => logTopics.has(m.topic));
      if (refused)
        throw new Error(
          `${refused.topic} is the event store's log: append to the store instead of publishing`,
        );
      await side.publish(messages);
    },

    async subscribe(subscription) {
      if (closed) throw new Error('The bus is closed');
      if (!Array.isArray(subscription.topics) || subscription.topics.length === 0)
        throw new TypeError('topics must name at least one topic');
      const fromLog = new Set(subscription.topics.filter((t) => logTopics.has(t)));
      const others = subscription.topics.filter((t) => !logTopics.has(t));
      const consumers: Consumer[] = [];
      try {
        if (others.length > 0) consumers.push(await side.subscribe({ ...subscription, topics: others }));
        if (fromLog.size > 0) consumers.push(await subscribeToLog(subscription, fromLog));
      } catch (error) {
        await Promise.all(consumers.map((c) => c.stop()));
        throw error;
      }
      return { stop: async () => void (await Promise.all(consumers.map((c) => c.stop()))) };
    },

    /** Resolves when every group has handled the whole log, including what handlers appended meanwhile. */
    async idle() {
      for (;;) {
        const seen = tail.appends;
        await Promise.all([...groups.values()].map((g) => g.caughtUp().catch(() => undefined)));
        await side.idle?.();
        if (tail.appends === seen) return;
      }
    },

    async close() {
      if (closed) return;
      closed = true;
      await Promise.all([...groups.values()].map((g) => g.stop()));
      tail.dispose();
      groups.clear();
      await side.close();
    },
  };
}
