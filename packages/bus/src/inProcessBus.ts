import { describeError, toDeadLetter } from './deadLetter';
import { partitionFor } from './partitioner';
import {
  subscriptionHandlers,
  type Bus,
  type Consumer,
  type DeliveredMessage,
  type OutgoingMessage,
  type SubscriptionHandlers,
} from './port';

/** The few pino-compatible log methods the bus uses. */
export interface BusLogger {
  warn(details: Record<string, unknown>, message: string): void;
  error(details: Record<string, unknown>, message: string): void;
}

export interface InProcessBusOptions {
  /** partitions of every topic, fixed when the topic is first used (default 12) */
  partitions?: number;
  /** wait before redelivery after the n-th failure; the last value repeats (default [50, 200, 1000]) */
  retryBackoffMs?: number[];
  /** receives handler failures (warn) and dead-lettered messages (error); silent by default */
  logger?: BusLogger;
  /** the most messages a batch handler gets at once (default 500) */
  maxBatchSize?: number;
}

/** Kafka's legal topic names, so nothing works in-process that Kafka would refuse. */
const TOPIC_NAME = /^[A-Za-z0-9._-]{1,249}$/;
const DEFAULT_MAX_ATTEMPTS = 5;

interface LogRecord {
  key: string;
  value: string;
  headers: Record<string, string>;
}

interface Topic {
  name: string;
  /** one append-only log per partition; a record's offset is its index */
  logs: LogRecord[][];
  /** per partition, the lane of every group subscribed to this topic */
  lanes: Lane[][];
}

interface Member {
  group: Group;
  topics: string[];
  handlers: SubscriptionHandlers;
  maxAttempts: number;
  inFlight: Set<Promise<unknown>>;
  stopped: Promise<void> | null;
}

interface Group {
  id: string;
  /** live members in join order */
  members: Member[];
  /** per topic, the group's lane of each partition */
  lanes: Map<string, Lane[]>;
}

/** One consumer group's cursor on one partition: delivers one message at a time, in order. */
interface Lane {
  group: Group;
  topic: Topic;
  partition: number;
  /** committed offset: the next message to deliver */
  committed: number;
  /** failed deliveries of the message at `committed` (a failed batch counts for each of its messages) */
  failures: number;
  /** offsets below this belonged to a failed batch: they are delivered one at a time */
  singlesUntil: number;
  owner: Member | null;
  /** a delivery is scheduled or its handler is running */
  running: boolean;
  retryTimer: ReturnType<typeof setTimeout> | null;
}

type Outcome = { ok: true } | { ok: false; error: unknown };

/**
 * An in-process bus with Kafka's semantics: keyed partitions (murmur2, like Kafka's default
 * partitioner), offsets, consumer groups that split partitions, commit after the handler,
 * retries with backoff and a dead-letter topic. Nothing is persisted.
 *
 * @example
 * const bus = createInProcessBus({ retryBackoffMs: [10] });
 * await bus.subscribe({ groupId: 'audit', topics: ['appeals.events.v1'], handler: async (m) => audit(m) });
 * await bus.publish([{ topic: 'appeals.events.v1', key: appealId, value: JSON.stringify(event) }]);
 * await bus.idle();
 */
export function createInProcessBus(options: InProcessBusOptions = {}): Bus {
  const partitionCount = options.partitions ?? 12;
  if (!Number.isSafeInteger(partitionCount) || partitionCount < 1) {
    throw new RangeError(`partitions must be a positive integer, got ${String(options.partitions)}`);
  }
  const backoff = options.retryBackoffMs ?? [50, 200, 1000];
  if (backoff.some((ms) => !Number.isFinite(ms) || ms < 0)) {
    throw new RangeError('retryBackoffMs must hold non-negative numbers');
  }
  const logger = options.logger;
  const maxBatchSize = options.maxBatchSize ?? 500;
  if (!Number.isSafeInteger(maxBatchSize) || maxBatchSize < 1) {
    throw new RangeError(`maxBatchSize must be a positive integer, got ${String(options.maxBatchSize)}`);
  }

  const topics = new Map<string, Topic>();
  const groups = new Map<string, Group>();
  /** live and stopping members (a stopping one leaves once its handlers finished) */
  const members = new Set<Member>();
  let idleWaiters: Array<() => void> = [];
  let closing = false;

  function assertOpen(): void {
    if (closing) throw new Error('The bus is closed');
  }

  function topicNamed(name: string): Topic {
    let topic = topics.get(name);
    if (!topic) {
      if (typeof name !== 'string' || !TOPIC_NAME.test(name)) {
        throw new TypeError(`Invalid topic name ${JSON.stringify(name)} (allowed: ${String(TOPIC_NAME)})`);
      }
      topic = {
        name,
        logs: Array.from({ length: partitionCount }, () => []),
        lanes: Array.from({ length: partitionCount }, () => []),
      };
      topics.set(name, topic);
    }
    return topic;
  }

  function append(message: OutgoingMessage): Lane[] {
    const topic = topicNamed(message.topic);
    const partition = partitionFor(message.key, partitionCount);
    topic.logs[partition]!.push({ key: message.key, value: message.value, headers: { ...message.headers } });
    return topic.lanes[partition]!;
  }

  function backoffAfter(failures: number): number {
    if (backoff.length === 0) return 0;
    return backoff[Math.min(failures, backoff.length) - 1]!;
  }

  function logEnd(lane: Lane): number {
    return lane.topic.logs[lane.partition]!.length;
  }

  /** Schedules the lane's next delivery, outside the caller's stack, if it has one to make. */
  function kick(lane: Lane): void {
    if (closing || lane.running || lane.retryTimer || !lane.owner) return;
    if (lane.committed >= logEnd(lane)) return;
    lane.running = true;
    setImmediate(() => void deliver(lane));
  }

  function delivered(lane: Lane, offset: number, attempt: number): DeliveredMessage {
    const record = lane.topic.logs[lane.partition]![offset]!;
    return {
      topic: lane.topic.name,
      partition: lane.partition,
      offset,
      key: record.key,
      value: record.value,
      headers: { ...record.headers },
      attempt,
    };
  }

  async function deliver(lane: Lane): Promise<void> {
    const member = lane.owner;
    const offset = lane.committed;
    if (closing || !member || offset >= logEnd(lane)) {
      lane.running = false;
      settle();
      return;
    }
    const count = Math.min(maxBatchSize, logEnd(lane) - offset);
    if (member.handlers.batch && count > 1 && offset >= lane.singlesUntil && lane.failures === 0) {
      await deliverBatch(lane, member, count);
    } else {
      await deliverOne(lane, member);
    }
    lane.running = false;
    kick(lane);
    settle();
  }

  /** Hands `count` messages from the committed offset to the batch handler; a failure splits them into singles. */
  async function deliverBatch(lane: Lane, member: Member, count: number): Promise<void> {
    const offset = lane.committed;
    const messages = Array.from({ length: count }, (_, i) => delivered(lane, offset + i, 1));
    const outcome = await runHandler(member, () => member.handlers.batch!(messages));
    if (outcome.ok) {
      commit(lane, count);
      return;
    }
    lane.singlesUntil = offset + count;
    lane.failures = 1;
    const details = {
      groupId: lane.group.id,
      topic: lane.topic.name,
      partition: lane.partition,
      offset,
      count,
    };
    logger?.warn(
      { ...details, error: describeError(outcome.error) },
      'Batch handler failed; its messages will be redelivered one at a time',
    );
    if (!closing) scheduleRetry(lane);
  }

  async function deliverOne(lane: Lane, member: Member): Promise<void> {
    const offset = lane.committed;
    const message = delivered(lane, offset, lane.failures + 1);
    const outcome = await runHandler(member, () => member.handlers.one(message));
    if (outcome.ok) {
      commit(lane, 1);
      return;
    }
    lane.failures += 1;
    const details = {
      groupId: lane.group.id,
      topic: message.topic,
      partition: message.partition,
      offset,
      attempt: message.attempt,
      error: describeError(outcome.error),
    };
    if (lane.failures >= member.maxAttempts) {
      const sent = deadLetter(message, outcome.error);
      logger?.error(
        details,
        sent
          ? 'Handler kept failing; message sent to the dead-letter topic'
          : 'Handler kept failing on a dead letter; message skipped',
      );
      commit(lane, 1);
    } else if (!closing) {
      logger?.warn(details, 'Handler failed; message will be redelivered');
      scheduleRetry(lane);
    }
  }

  function scheduleRetry(lane: Lane): void {
    lane.retryTimer = setTimeout(() => {
      lane.retryTimer = null;
      kick(lane);
      settle();
    }, backoffAfter(lane.failures));
  }

  function runHandler(member: Member, handle: () => Promise<void>): Promise<Outcome> {
    const run = (async (): Promise<Outcome> => {
      try {
        await handle();
        return { ok: true };
      } catch (error) {
        return { ok: false, error };
      }
    })();
    member.inFlight.add(run);
    void run.then(() => member.inFlight.delete(run));
    return run;
  }

  /** Moves the committed offset past `count` handled messages. */
  function commit(lane: Lane, count: number): void {
    lane.committed += count;
    // the next message of a failed batch failed with it once already
    lane.failures = lane.committed < lane.singlesUntil ? 1 : 0;
  }

  /** Publishes the message to the dead-letter topic; returns false for a dead letter itself. */
  function deadLetter(message: DeliveredMessage, error: unknown): boolean {
    const letter = toDeadLetter(message, error);
    if (!letter) return false; // a dead letter itself: the error log is all that is left
    const lanes = append(letter);
    lanes.forEach(kick);
    return true;
  }

  /** Hands each partition of the group's topics to one live member subscribed to it (round robin). */
  function rebalance(group: Group): void {
    for (const [topicName, lanes] of group.lanes) {
      const eligible = group.members.filter((member) => member.topics.includes(topicName));
      lanes.forEach((lane, partition) => {
        lane.owner = eligible.length > 0 ? eligible[partition % eligible.length]! : null;
      });
    }
    for (const lanes of group.lanes.values()) lanes.forEach(kick);
  }

  function isIdle(): boolean {
    for (const group of groups.values()) {
      for (const lanes of group.lanes.values()) {
        for (const lane of lanes) {
          if (lane.running) return false;
          if (lane.owner && (lane.retryTimer || lane.committed < logEnd(lane))) return false;
        }
      }
    }
    return true;
  }

  function settle(): void {
    if (idleWaiters.length === 0 || !(closing || isIdle())) return;
    const waiters = idleWaiters;
    idleWaiters = [];
    waiters.forEach((resolve) => resolve());
  }

  function leave(member: Member): void {
    const group = member.group;
    group.members = group.members.filter((other) => other !== member);
    rebalance(group);
  }

  async function drain(member: Member): Promise<void> {
    while (member.inFlight.size > 0) await Promise.all([...member.inFlight]);
  }

  function stopMember(member: Member): Promise<void> {
    if (!member.stopped) {
      leave(member);
      member.stopped = drain(member).then(() => {
        members.delete(member);
        settle();
      });
    }
    return member.stopped;
  }

  return {
    async publish(messages) {
      assertOpen();
      for (const message of messages) validateMessage(message);
      const touched = new Set<Lane>();
      for (const message of messages) append(message).forEach((lane) => touched.add(lane));
      touched.forEach(kick);
    },

    async subscribe(subscription) {
      assertOpen();
      const { groupId } = subscription;
      const maxAttempts = subscription.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
      if (typeof groupId !== 'string' || groupId.length === 0) throw new TypeError('groupId is required');
      if (!Array.isArray(subscription.topics) || subscription.topics.length === 0) {
        throw new TypeError('topics must name at least one topic');
      }
      const handlers = subscriptionHandlers(subscription);
      if (!Number.isSafeInteger(maxAttempts) || maxAttempts < 1) {
        throw new RangeError(`maxAttempts must be a positive integer, got ${String(maxAttempts)}`);
      }
      const subscribed = [...new Set(subscription.topics)].map(topicNamed);

      const group = groups.get(groupId) ?? { id: groupId, members: [], lanes: new Map<string, Lane[]>() };
      groups.set(groupId, group);
      for (const topic of subscribed) {
        if (group.lanes.has(topic.name)) continue;
        // A group without a committed offset on a topic starts at its beginning or its current end.
        const lanes = topic.logs.map(
          (log, partition): Lane => ({
            group,
            topic,
            partition,
            committed: subscription.fromBeginning === false ? log.length : 0,
            failures: 0,
            singlesUntil: 0,
            owner: null,
            running: false,
            retryTimer: null,
          }),
        );
        group.lanes.set(topic.name, lanes);
        lanes.forEach((lane, partition) => topic.lanes[partition]!.push(lane));
      }

      const member: Member = {
        group,
        topics: subscribed.map((topic) => topic.name),
        handlers,
        maxAttempts,
        inFlight: new Set(),
        stopped: null,
      };
      group.members.push(member);
      members.add(member);
      rebalance(group);
      const consumer: Consumer = { stop: () => stopMember(member) };
      return consumer;
    },

    idle() {
      if (closing || isIdle()) return Promise.resolve();
      return new Promise<void>((resolve) => idleWaiters.push(resolve));
    },

    async close() {
      if (!closing) {
        closing = true;
        for (const group of groups.values()) {
          for (const lanes of group.lanes.values()) {
            for (const lane of lanes) {
              lane.owner = null;
              if (lane.retryTimer) clearTimeout(lane.retryTimer);
              lane.retryTimer = null;
            }
          }
        }
      }
      await Promise.all([...members].map(stopMember));
      settle();
    },
  };
}

function validateMessage(message: OutgoingMessage): void {
  if (typeof message.topic !== 'string' || !TOPIC_NAME.test(message.topic)) {
    throw new TypeError(`Invalid topic name ${JSON.stringify(message.topic)}`);
  }
  if (typeof message.key !== 'string') throw new TypeError('A message key must be a string');
  if (typeof message.value !== 'string') throw new TypeError('A message value must be a string');
  for (const [name, value] of Object.entries(message.headers ?? {})) {
    if (typeof value !== 'string') throw new TypeError(`Header ${name} must be a string`);
  }
}
