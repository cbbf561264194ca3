import { Kafka, logLevel, type Consumer, type KafkaMessage } from 'kafkajs';
import { agencyGroupPrefix, kafkaClientConfig, type KafkaSasl } from '@appeals/bus-kafka';
import { Topics, UndecodableEventError } from '@appeals/contracts';
import { decodeAgencyMessage, headersAsText, type AgencyEvent, type RawAgencyMessage } from './decode';

export interface AgencyConsumerOptions {
  /** the agency's id: its topic is `appeals.agency.<agencyId>.v1` */
  agencyId: string;
  /** bootstrap brokers, `host:port` list or comma-separated */
  brokers: string[] | string;
  /** the agency's Kafka user (`agency-<agencyId>`) and password, from the platform operator */
  sasl: KafkaSasl;
  /** TLS to the brokers (SASL_SSL; production) */
  ssl?: boolean;
  /**
   * the consumer group's own part: the group is `agency.<agencyId>.<name>` (the only groups the agency user may
   * use). Its committed offsets are the checkpoint: a restart resumes after the last handled event. Default `main`.
   */
  name?: string;
  /** a new group starts at the topic's beginning (default true: the agency gets every case it holds) */
  fromBeginning?: boolean;
  clientId?: string;
  /**
   * A message this SDK can never decode (not a CloudEvent, an unknown type, a version newer than the SDK: upgrade
   * it). Given: called, then the message is committed and skipped. Not given: the consumer stops before it, commits
   * nothing past it, and `done` rejects with the error, so a restart after upgrading resumes at that message.
   */
  onUndecodable?: (error: UndecodableEventError, message: RawAgencyMessage) => Promise<void> | void;
}

/** A running consumer of one agency's topic. */
export interface AgencyConsumer {
  /** the consumer group id (`agency.<agencyId>.<name>`) */
  readonly groupId: string;
  readonly topic: string;
  /** resolves when stopped; rejects when consuming stopped on an error (an undecodable message, a crash) */
  readonly done: Promise<void>;
  /** leaves the group; offsets of handled events are committed already */
  stop(): Promise<void>;
}

/** `(handler)` for each event of the agency's topic, in order per appeal; at least once. */
export type AgencyEventHandler = (event: AgencyEvent) => Promise<void> | void;

const rawOf = (topic: string, partition: number, message: KafkaMessage): RawAgencyMessage => ({
  topic,
  partition,
  offset: message.offset,
  key: message.key?.toString('utf8') ?? '',
  value: message.value?.toString('utf8') ?? '',
  headers: headersAsText(message.headers),
});

/** Commits the position after `offset`: the group's checkpoint. */
const commitAfter = (consumer: Consumer, topic: string, partition: number, offset: string) =>
  consumer.commitOffsets([{ topic, partition, offset: (BigInt(offset) + 1n).toString() }]);

/**
 * Consumes an agency's topic (`appeals.agency.<agencyId>.v1`) as the agency's Kafka user: each message is decoded
 * (CloudEvents binary mode, then the payload upcast to its current version and validated by the contracts) and
 * handed to `handler`; its offset is committed only after the handler resolved, so the consumer group's committed
 * offsets are the checkpoint. A handler that throws gets the event again (kafkajs restarts the consumer): handlers
 * must be idempotent, keyed by `event.id`.
 *
 * @example
 * const consumer = await startAgencyConsumer(
 *   { agencyId: 'mon', brokers: '127.0.0.1:59092', sasl: { mechanism: 'scram-sha-512', username: 'agency-mon', password } },
 *   async (event) => { if (event.type === 'AppealRouted') console.log(event.appealId, event.data.agencyId); },
 * );
 */
export async function startAgencyConsumer(
  options: AgencyConsumerOptions,
  handler: AgencyEventHandler,
): Promise<AgencyConsumer> {
  const topic = Topics.agency(options.agencyId);
  const groupId = `${agencyGroupPrefix(options.agencyId)}${options.name ?? 'main'}`;
  const kafka = new Kafka({
    clientId: options.clientId ?? `agency-sdk-${options.agencyId}`,
    ...kafkaClientConfig({ brokers: options.brokers, sasl: options.sasl, ssl: options.ssl }),
    logLevel: logLevel.WARN,
  });
  const consumer = kafka.consumer({ groupId });
  let settle: { resolve: () => void; reject: (error: unknown) => void } | undefined;
  const done = new Promise<void>((resolve, reject) => (settle = { resolve, reject }));
  done.catch(() => undefined); // the caller may never look
  let stopping = false;
  const stopOn = (error: unknown) => {
    if (stopping) return;
    stopping = true;
    void consumer.disconnect().finally(() => settle!.reject(error));
  };
  consumer.on(consumer.events.CRASH, (crash) => {
    if (!crash.payload.restart) stopOn(crash.payload.error);
  });

  await consumer.connect();
  await consumer.subscribe({ topics: [topic], fromBeginning: options.fromBeginning ?? true });
  await consumer.run({
    autoCommit: false,
    eachMessage: async ({ partition, message, pause }) => {
      if (stopping) return;
      const raw = rawOf(topic, partition, message);
      let event: AgencyEvent;
      try {
        event = decodeAgencyMessage(raw);
      } catch (error) {
        if (!(error instanceof UndecodableEventError)) throw error;
        if (!options.onUndecodable) {
          pause();
          stopOn(error);
          return;
        }
        await options.onUndecodable(error, raw);
        await commitAfter(consumer, topic, partition, raw.offset);
        return;
      }
      await handler(event);
      await commitAfter(consumer, topic, partition, raw.offset);
    },
  });

  return {
    groupId,
    topic,
    done,
    async stop() {
      if (stopping) return done.catch(() => undefined);
      stopping = true;
      await consumer.disconnect();
      settle!.resolve();
    },
  };
}
