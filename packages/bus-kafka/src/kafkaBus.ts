import { Kafka, logLevel, type LogEntry } from 'kafkajs';
import {
  describeError,
  positiveInteger,
  toDeadLetter,
  toQuarantined,
  toQuarantineMessage,
  validateMessage,
  type Bus,
  type BusLogger,
  type DeliveredMessage,
  type OutgoingMessage,
} from '@appeals/bus';
import { kafkaClients } from './clients';
import { joinGroup, stopMember, type GroupContext } from './group';
import { resolveSettings, type KafkaBusOptions } from './options';
import { kafkaClientConfig } from './sasl';
import { topicMaker } from './topics';

// The bus itself: options (options.ts), connections (clients.ts), topics (topics.ts), publishing in order and
// dead letters (here), consumer groups (group.ts) and the handling of a fetched batch (consume.ts).

export { decodeHeaders, toDelivered } from './consume';
export type { KafkaBusOptions, KafkaConsumerTimings } from './options';
export { waitUntilServed } from './topics';

/**
 * How kafkajs retries a request, and how long a crashed consumer waits before it starts again (kafkajs waits the
 * last wait of the series): from 100 ms, doubling, at most 2 s. With kafkajs' default cap of 30 s, consumers that
 * had retried through a broker restart came back one after another, up to 20 s after the broker did (docs/reliability.md).
 */
export const KAFKA_RETRY = { initialRetryTime: 100, maxRetryTime: 2_000, retries: 8 } as const;

/** The Bus port on Apache Kafka, plus explicit topic creation. */
export interface KafkaBus extends Bus {
  /** creates the topics that do not exist yet with the bus's partition count (idempotent, cached) */
  ensureTopics(topics: string[]): Promise<void>;
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
  const settings = resolveSettings(options);
  const logger = options.logger;
  const kafka = new Kafka({
    clientId: options.clientId,
    ...kafkaClientConfig({ brokers: settings.brokers, sasl: options.sasl, ssl: options.ssl }),
    retry: { ...KAFKA_RETRY },
    logLevel: logger ? logLevel.WARN : logLevel.NOTHING,
    logCreator: () => (entry: LogEntry) => forwardLog(logger, entry),
  });
  const clients = kafkaClients(kafka);
  const ensureTopics = topicMaker(clients.admin, settings, logger);
  /** set by close(): no new publish, subscribe or consumer */
  let closing = false;
  const assertOpen = (): void => {
    if (closing) throw new Error('The bus is closed');
  };
  /** the last send: each send waits for the one before (ordering, and a simple idempotent sequence) */
  let sending: Promise<unknown> = Promise.resolve();

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
      const client = await clients.producer();
      await client.sendBatch({ acks: -1, topicMessages: batch });
    });
    sending = run.catch(() => undefined);
    return run;
  }

  const group: GroupContext = {
    kafka,
    admin: clients.admin,
    settings,
    logger,
    members: new Set(),
    assertOpen,
    ensureTopics,
    consume: {
      backoffAfter: settings.backoffAfter,
      deadLetter: (m, e) => deadLetter(send, m, e),
      quarantine: (groupId, m, e) => quarantine(send, options, groupId, m, e),
    },
    replays: options.quarantine
      ? { quarantine: options.quarantine, everyMs: replayInterval(options.quarantineReplayMs) }
      : undefined,
  };

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
      return joinGroup(group, subscription);
    },
    async close() {
      closing = true;
      await Promise.all([...group.members].map((member) => stopMember(group, member)));
      await sending;
      await clients.close();
    },
  };
}

/** Publishes the message to the dead-letter topic; returns false for a dead letter itself. */
async function deadLetter(
  send: (messages: OutgoingMessage[]) => Promise<void>,
  message: DeliveredMessage,
  error: unknown,
): Promise<boolean> {
  const letter = toDeadLetter(message, error);
  if (!letter) return false;
  await send([letter]);
  return true;
}

/** How often consumers look for requested replays: a positive whole number of ms (default 5000). */
function replayInterval(ms = 5_000): number {
  positiveInteger('quarantineReplayMs', ms);
  return ms;
}

/** Sends an undecodable message to the quarantine topic and records it in the quarantine table if the bus has one. */
async function quarantine(
  send: (messages: OutgoingMessage[]) => Promise<void>,
  options: Pick<KafkaBusOptions, 'quarantine' | 'logger'>,
  groupId: string,
  message: DeliveredMessage,
  error: unknown,
): Promise<boolean> {
  const where = { groupId, topic: message.topic, partition: message.partition, offset: message.offset };
  try {
    await send([toQuarantineMessage(groupId, message, error)]);
    const entry = await options.quarantine?.add(toQuarantined(groupId, message, error));
    options.logger?.error(
      { ...where, quarantineId: entry?.id, error: describeError(error) },
      'Undecodable message quarantined',
    );
    return true;
  } catch (failure) {
    options.logger?.warn({ ...where, error: describeError(failure) }, 'Quarantining a message failed');
    return false;
  }
}

/** kafkajs logs retriable protocol errors at ERROR: they are warnings for the bus's logger. */
function forwardLog(logger: BusLogger | undefined, entry: LogEntry): void {
  if (!logger || entry.level > logLevel.WARN) return;
  const { message, ...details } = entry.log;
  logger.warn({ source: 'kafkajs', namespace: entry.namespace, ...details }, message);
}
