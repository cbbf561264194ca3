import {
  Kafka,
  Partitioners,
  logLevel,
  type Admin,
  type Consumer as KafkaConsumer,
  type LogEntry,
  type Producer,
} from 'kafkajs';
import {
  DEAD_LETTER_TOPIC,
  describeError,
  subscriptionHandlers,
  toDeadLetter,
  type Bus,
  type BusLogger,
  type Consumer,
  type DeliveredMessage,
  type OutgoingMessage,
} from '@appeals/bus';
import { consumeBatch, type ConsumeContext } from './consume';
import { brokerList, kafkaClientConfig, type KafkaSasl } from './sasl';

export { decodeHeaders, toDelivered } from './consume';

/** Timings of every consumer the bus starts (kafkajs names, in milliseconds). */
export interface KafkaConsumerTimings {
  /** the broker drops a member it has not heard from for this long (default 30000) */
  sessionTimeoutMs?: number;
  /** how long a rebalance waits for every member to rejoin (default 60000) */
  rebalanceTimeoutMs?: number;
  /** how often a member tells the broker it is alive and learns about rebalances (default 3000) */
  heartbeatIntervalMs?: number;
  /** the longest a fetch waits for new messages; also bounds how long `stop()` waits for a fetch (default 1000) */
  maxWaitTimeMs?: number;
  /** partitions whose batches one consumer handles at the same time, each in order (default 12) */
  partitionsConsumedConcurrently?: number;
  /** the most messages one batch-handler call gets (default 500) */
  maxBatchSize?: number;
}

export interface KafkaBusOptions {
  /** bootstrap brokers: `['127.0.0.1:59092']` or `'host1:9092,host2:9092'` */
  brokers: string[] | string;
  clientId: string;
  /** authenticate as this Kafka user (SASL/SCRAM on the production brokers); unset: no authentication */
  sasl?: KafkaSasl | undefined;
  /** TLS to the brokers (SASL_SSL) */
  ssl?: boolean | undefined;
  /** partitions of every topic the bus creates (default 12) */
  partitions?: number;
  /** replicas of every topic the bus creates (default: the broker's default.replication.factor) */
  replicationFactor?: number;
  /** redelivery backoff after the n-th failure of a handler; the last value repeats (default [50, 200, 1000]) */
  retry?: { backoffMs: number[] };
  /** deliveries before a message goes to the dead-letter topic, unless a subscription says otherwise (default 5) */
  maxAttempts?: number;
  /** receives handler failures and kafkajs' own warnings (warn), dead letters and crashes (error); silent by default */
  logger?: BusLogger;
  consumer?: KafkaConsumerTimings;
  /** how long `subscribe` waits to be assigned partitions (default 60000) */
  subscribeTimeoutMs?: number;
}

/** The Bus port on Apache Kafka, plus explicit topic creation. */
export interface KafkaBus extends Bus {
  /** creates the topics that do not exist yet with the bus's partition count (idempotent, cached) */
  ensureTopics(topics: string[]): Promise<void>;
}

/** Kafka's legal topic names. */
const TOPIC_NAME = /^[A-Za-z0-9._-]{1,249}$/;
const DEFAULTS = {
  partitions: 12,
  backoffMs: [50, 200, 1000],
  maxAttempts: 5,
  sessionTimeoutMs: 30_000,
  rebalanceTimeoutMs: 60_000,
  heartbeatIntervalMs: 3_000,
  maxWaitTimeMs: 1_000,
  partitionsConsumedConcurrently: 12,
  maxBatchSize: 500,
  subscribeTimeoutMs: 60_000,
};

interface Member {
  groupId: string;
  consumer: KafkaConsumer;
  consume: ConsumeContext;
  stopped: Promise<void> | null;
  /** rejects a `subscribe` still waiting for its partitions */
  abort: (error: Error) => void;
}

/**
 * A Bus on Apache Kafka through kafkajs: topics created explicitly (N partitions), an idempotent
 * producer keyed with Kafka's default (murmur2) partitioner, consumer groups that commit each
 * offset only after the handler succeeded, in-place retries with backoff and a dead-letter topic.
 *
 * @example
 * const bus = createKafkaBus({ brokers: env.KAFKA_BROKERS, clientId: 'routing' });
 * await bus.subscribe({ groupId: 'routing', topics: ['appeals.events.v1'], handler: async (m) => route(m) });
 * await bus.publish([{ topic: 'appeals.events.v1', key: appealId, value: JSON.stringify(event), headers }]);
 * await bus.close();
 */
export function createKafkaBus(options: KafkaBusOptions): KafkaBus {
  const brokers = brokerList(options.brokers);
  if (brokers.length === 0) throw new TypeError('brokers must name at least one host:port');
  if (typeof options.clientId !== 'string' || options.clientId.length === 0) {
    throw new TypeError('clientId is required');
  }
  const partitions = options.partitions ?? DEFAULTS.partitions;
  positiveInteger('partitions', partitions);
  if (options.replicationFactor !== undefined) {
    positiveInteger('replicationFactor', options.replicationFactor);
  }
  const backoff = options.retry?.backoffMs ?? DEFAULTS.backoffMs;
  if (backoff.some((ms) => !Number.isFinite(ms) || ms < 0)) {
    throw new RangeError('retry.backoffMs must hold non-negative numbers');
  }
  const defaultMaxAttempts = options.maxAttempts ?? DEFAULTS.maxAttempts;
  positiveInteger('maxAttempts', defaultMaxAttempts);
  const timings = {
    sessionTimeout: options.consumer?.sessionTimeoutMs ?? DEFAULTS.sessionTimeoutMs,
    rebalanceTimeout: options.consumer?.rebalanceTimeoutMs ?? DEFAULTS.rebalanceTimeoutMs,
    heartbeatInterval: options.consumer?.heartbeatIntervalMs ?? DEFAULTS.heartbeatIntervalMs,
    maxWaitTimeInMs: options.consumer?.maxWaitTimeMs ?? DEFAULTS.maxWaitTimeMs,
  };
  const partitionsConsumedConcurrently =
    options.consumer?.partitionsConsumedConcurrently ?? DEFAULTS.partitionsConsumedConcurrently;
  positiveInteger('consumer.partitionsConsumedConcurrently', partitionsConsumedConcurrently);
  const maxBatchSize = options.consumer?.maxBatchSize ?? DEFAULTS.maxBatchSize;
  positiveInteger('consumer.maxBatchSize', maxBatchSize);
  if (timings.heartbeatInterval >= timings.sessionTimeout) {
    throw new RangeError('consumer.heartbeatIntervalMs must be shorter than consumer.sessionTimeoutMs');
  }
  const subscribeTimeoutMs = options.subscribeTimeoutMs ?? DEFAULTS.subscribeTimeoutMs;
  const logger = options.logger;

  const kafka = new Kafka({
    clientId: options.clientId,
    ...kafkaClientConfig({ brokers, sasl: options.sasl, ssl: options.ssl }),
    retry: { initialRetryTime: 100, retries: 8 },
    logLevel: logger ? logLevel.WARN : logLevel.NOTHING,
    logCreator: () => (entry: LogEntry) => forwardLog(logger, entry),
  });

  /** set by close(): no new publish, subscribe or consumer */
  let closing = false;
  /** set once close() drained consumers and sends: no new client connection either */
  let closed = false;
  const members = new Set<Member>();
  const topicsReady = new Map<string, Promise<void>>();
  let adminReady: Promise<Admin> | null = null;
  let producerReady: Promise<Producer> | null = null;
  /** the last send: each send waits for the one before (ordering, and a simple idempotent sequence) */
  let sending: Promise<unknown> = Promise.resolve();

  function assertOpen(): void {
    if (closing) throw new Error('The bus is closed');
  }

  function admin(): Promise<Admin> {
    if (closed) return Promise.reject(new Error('The bus is closed'));
    adminReady ??= (async () => {
      const client = kafka.admin();
      await client.connect();
      return client;
    })().catch((error: unknown) => {
      adminReady = null;
      throw error;
    });
    return adminReady;
  }

  function producer(): Promise<Producer> {
    if (closed) return Promise.reject(new Error('The bus is closed'));
    producerReady ??= (async () => {
      const client = kafka.producer({
        idempotent: true,
        maxInFlightRequests: 1,
        allowAutoTopicCreation: false,
        // Java-compatible murmur2: a key lands on partitionFor(key, partitions), as in the in-process bus.
        createPartitioner: Partitioners.DefaultPartitioner,
      });
      await client.connect();
      return client;
    })().catch((error: unknown) => {
      producerReady = null;
      throw error;
    });
    return producerReady;
  }

  async function createTopic(topic: string): Promise<void> {
    const client = await admin();
    const created = await client.createTopics({
      topics: [
        {
          topic,
          numPartitions: partitions,
          ...(options.replicationFactor !== undefined
            ? { replicationFactor: options.replicationFactor }
            : {}),
        },
      ],
      // kafkajs' own wait gives up on the "unknown topic" a fresh topic shows for a moment: wait here instead.
      waitForLeaders: false,
    });
    const count = await waitUntilServed(client, topic);
    if (!created && count !== partitions) {
      // It existed already: fine, but keys land elsewhere than partitionFor(key, partitions) says.
      logger?.warn(
        { topic, partitions: count, expected: partitions },
        'Topic exists with another partition count',
      );
    }
  }

  function ensureTopics(topics: string[]): Promise<void> {
    for (const topic of topics) validateTopic(topic);
    return Promise.all(
      [...new Set(topics)].map((topic) => {
        let ready = topicsReady.get(topic);
        if (!ready) {
          ready = createTopic(topic).catch((error: unknown) => {
            topicsReady.delete(topic);
            throw error;
          });
          topicsReady.set(topic, ready);
        }
        return ready;
      }),
    ).then(() => undefined);
  }

  /** Sends run one at a time, topic creation included: publish order is partition order. */
  function send(messages: OutgoingMessage[]): Promise<void> {
    const topics = [...new Set(messages.map((message) => message.topic))];
    const batch = topics.map((topic) => ({
      topic,
      messages: messages
        .filter((message) => message.topic === topic)
        .map((message) => ({ key: message.key, value: message.value, headers: { ...message.headers } })),
    }));
    const run = sending.then(async () => {
      await ensureTopics(topics);
      const client = await producer();
      await client.sendBatch({ acks: -1, topicMessages: batch });
    });
    sending = run.catch(() => undefined);
    return run;
  }

  function backoffAfter(failures: number): number {
    if (backoff.length === 0) return 0;
    return backoff[Math.min(failures, backoff.length) - 1]!;
  }

  /** Publishes the message to the dead-letter topic; returns false for a dead letter itself. */
  async function deadLetter(message: DeliveredMessage, error: unknown): Promise<boolean> {
    const letter = toDeadLetter(message, error);
    if (!letter) return false;
    await send([letter]);
    return true;
  }

  /**
   * A new group starts at the end of each partition as it was when `subscribe` was called: commit those
   * offsets for the assigned partitions that have none, so neither a late first fetch nor a later owner
   * resolves "latest" again and skips what was published meanwhile.
   */
  async function commitStartPositions(
    member: Member,
    assigned: Array<{ topic: string; partitions: number[] }>,
    ends: Map<string, Map<number, string>>,
  ): Promise<void> {
    const client = await admin();
    const committed = await retryingWhileRetriable(() =>
      client.fetchOffsets({
        groupId: member.groupId,
        topics: assigned.map((a) => a.topic),
      }),
    );
    const commits: Array<{ topic: string; partition: number; offset: string }> = [];
    for (const { topic, partitions: assignedPartitions } of assigned) {
      const known = committed.find((entry) => entry.topic === topic)?.partitions ?? [];
      for (const partition of assignedPartitions) {
        const offset = known.find((entry) => entry.partition === partition)?.offset ?? '-1';
        if (Number(offset) >= 0) continue;
        commits.push({ topic, partition, offset: ends.get(topic)?.get(partition) ?? '0' });
      }
    }
    if (commits.length > 0) await member.consumer.commitOffsets(commits);
  }

  async function endOffsets(topics: string[]): Promise<Map<string, Map<number, string>>> {
    const client = await admin();
    const ends = new Map<string, Map<number, string>>();
    for (const topic of topics) {
      const offsets = await retryingWhileRetriable(() => client.fetchTopicOffsets(topic));
      ends.set(topic, new Map(offsets.map((entry) => [entry.partition, entry.high])));
    }
    return ends;
  }

  function stopMember(member: Member): Promise<void> {
    member.abort(
      new Error(`The consumer of ${member.groupId} was stopped before it was assigned partitions`),
    );
    member.stopped ??= member.consumer
      .disconnect()
      .catch((error: unknown) =>
        logger?.warn({ groupId: member.groupId, error: describeError(error) }, 'Consumer stop failed'),
      )
      .finally(() => members.delete(member));
    return member.stopped;
  }

  return {
    ensureTopics,

    async publish(messages) {
      assertOpen();
      for (const message of messages) validateMessage(message);
      if (messages.length === 0) return;
      await send(messages);
    },

    async subscribe(subscription) {
      assertOpen();
      const { groupId } = subscription;
      const maxAttempts = subscription.maxAttempts ?? defaultMaxAttempts;
      if (typeof groupId !== 'string' || groupId.length === 0) throw new TypeError('groupId is required');
      if (!Array.isArray(subscription.topics) || subscription.topics.length === 0) {
        throw new TypeError('topics must name at least one topic');
      }
      const handlers = subscriptionHandlers(subscription);
      positiveInteger('maxAttempts', maxAttempts);
      const topics = [...new Set(subscription.topics)];
      const fromBeginning = subscription.fromBeginning !== false;

      await ensureTopics([...topics, DEAD_LETTER_TOPIC]);
      const ends = fromBeginning ? null : await endOffsets(topics);
      assertOpen(); // closed meanwhile: start no consumer that close() would not stop
      const consumer = kafka.consumer({ groupId, ...timings, allowAutoTopicCreation: false });
      let settle: { resolve: () => void; reject: (error: unknown) => void } | null = null;
      const positioned = new Promise<void>((resolve, reject) => (settle = { resolve, reject }));
      // Rejected early (stopped, crashed) while still connecting: not an unhandled rejection.
      positioned.catch(() => undefined);
      const member: Member = {
        groupId,
        consumer,
        consume: { groupId, handlers, maxAttempts, maxBatchSize, backoffAfter, deadLetter, logger },
        stopped: null,
        abort: (error) => {
          settle?.reject(error);
          settle = null;
        },
      };
      members.add(member);
      consumer.on(consumer.events.GROUP_JOIN, (event) => {
        const waiting = settle;
        if (!waiting) return;
        settle = null;
        if (!ends) return waiting.resolve();
        const assigned = Object.entries(event.payload.memberAssignment).map(([topic, owned]) => ({
          topic,
          partitions: owned,
        }));
        // Paused until the start positions are committed, so no fetch runs ahead of them.
        consumer.pause(assigned);
        void commitStartPositions(member, assigned, ends)
          .catch((error: unknown) =>
            logger?.warn({ groupId, error: describeError(error) }, 'Could not commit start positions'),
          )
          .finally(() => {
            consumer.resume(assigned);
            waiting.resolve();
          });
      });
      consumer.on(consumer.events.CRASH, (event) => {
        const { error, restart } = event.payload;
        logger?.error({ groupId, restart, error: describeError(error) }, 'Consumer crashed');
        if (settle && !restart) settle.reject(error);
      });

      try {
        await consumer.connect();
        await consumer.subscribe({ topics, fromBeginning });
        await consumer.run({
          autoCommit: false,
          eachBatchAutoResolve: false,
          partitionsConsumedConcurrently,
          eachBatch: (payload) => consumeBatch(member.consume, payload),
        });
        await withTimeout(
          positioned,
          subscribeTimeoutMs,
          `subscribe(${groupId}) was not assigned partitions`,
        );
      } catch (error) {
        settle = null;
        await stopMember(member);
        throw error;
      }
      const handle: Consumer = { stop: () => stopMember(member) };
      return handle;
    },

    async close() {
      closing = true;
      await Promise.all([...members].map(stopMember));
      await sending;
      closed = true;
      const [producerClient, adminClient] = await Promise.all([
        producerReady?.catch(() => null) ?? null,
        adminReady?.catch(() => null) ?? null,
      ]);
      producerReady = null;
      adminReady = null;
      await Promise.all([producerClient?.disconnect(), adminClient?.disconnect()]);
    },
  };
}

/**
 * Waits until the topic is served: every partition has a leader in the metadata and answers an offset
 * query (a fresh topic is "unknown" or "not the leader" for a moment). Returns the partition count.
 */
export async function waitUntilServed(client: Admin, topic: string): Promise<number> {
  return retryingWhileRetriable(async () => {
    const { topics } = await client.fetchTopicMetadata({ topics: [topic] });
    const found = topics.find((entry) => entry.name === topic)?.partitions ?? [];
    if (found.length === 0 || found.some((partition) => partition.leader < 0)) {
      throw Object.assign(new Error(`Topic ${topic} has no leader yet`), { retriable: true });
    }
    try {
      await client.fetchTopicOffsets(topic);
    } catch (error) {
      // kafkajs 2.2.4 fails with a TypeError ("Cannot destructure property 'partitions' of 'low.pop(...)'") when a
      // leader's ListOffsets answer for a fresh topic comes back empty: the topic is not served yet, ask again.
      if (error instanceof TypeError)
        throw Object.assign(
          new Error(`Topic ${topic} does not answer offset queries yet: ${error.message}`),
          {
            retriable: true,
            cause: error,
          },
        );
      throw error;
    }
    return found.length;
  });
}

/** Runs `attempt` again while it fails with a retriable Kafka error, for up to `timeoutMs`. */
async function retryingWhileRetriable<T>(attempt: () => Promise<T>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (let pause = 25; ; pause = Math.min(pause * 2, 500)) {
    try {
      return await attempt();
    } catch (error) {
      if (!isRetriable(error) || Date.now() + pause >= deadline) throw error;
    }
    await sleep(pause);
  }
}

function isRetriable(error: unknown): boolean {
  const { retriable, type } = (error ?? {}) as { retriable?: unknown; type?: unknown };
  return (
    retriable === true ||
    type === 'UNKNOWN_TOPIC_OR_PARTITION' ||
    type === 'LEADER_NOT_AVAILABLE' ||
    type === 'NOT_LEADER_FOR_PARTITION'
  );
}

function validateTopic(topic: string): void {
  if (typeof topic !== 'string' || !TOPIC_NAME.test(topic)) {
    throw new TypeError(`Invalid topic name ${JSON.stringify(topic)} (allowed: ${String(TOPIC_NAME)})`);
  }
}

function validateMessage(message: OutgoingMessage): void {
  validateTopic(message.topic);
  if (typeof message.key !== 'string') throw new TypeError('A message key must be a string');
  if (typeof message.value !== 'string') throw new TypeError('A message value must be a string');
  for (const [name, value] of Object.entries(message.headers ?? {})) {
    if (typeof value !== 'string') throw new TypeError(`Header ${name} must be a string`);
  }
}

function positiveInteger(name: string, value: number): void {
  if (!Number.isSafeInteger(value) || value < 1) {
    throw new RangeError(`${name} must be a positive integer, got ${String(value)}`);
  }
}

/** kafkajs logs retriable protocol errors at ERROR: they are warnings for the bus's logger. */
function forwardLog(logger: BusLogger | undefined, entry: LogEntry): void {
  if (!logger || entry.level > logLevel.WARN) return;
  const { message, ...details } = entry.log;
  logger.warn({ source: 'kafkajs', namespace: entry.namespace, ...details }, message);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

async function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${message} within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
