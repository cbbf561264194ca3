import { backoffSchedule, positiveInteger, type BusLogger, type Quarantine } from '@appeals/bus';
import { brokerList, type KafkaSasl } from './sasl';

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
  /**
   * where a message whose handler says it can never be decoded is also recorded (the PostgreSQL store's table, which
   * `pnpm quarantine` reads and where replays are requested); it always goes to the quarantine topic
   */
  quarantine?: Quarantine;
  /** how often each consumer looks in `quarantine` for the replays an operator requested (default 5000 ms) */
  quarantineReplayMs?: number;
  /** receives handler failures and kafkajs' own warnings (warn), dead letters and crashes (error); silent by default */
  logger?: BusLogger;
  consumer?: KafkaConsumerTimings;
  /** how long `subscribe` waits to be assigned partitions (default 60000) */
  subscribeTimeoutMs?: number;
}

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

/** The bus's options with their defaults filled in, checked. */
export interface KafkaBusSettings {
  brokers: string[];
  partitions: number;
  replicationFactor: number | undefined;
  /** the redelivery wait after the n-th failure */
  backoffAfter: (failures: number) => number;
  maxAttempts: number;
  /** the consumers' timings under kafkajs' names */
  timings: {
    sessionTimeout: number;
    rebalanceTimeout: number;
    heartbeatInterval: number;
    maxWaitTimeInMs: number;
  };
  partitionsConsumedConcurrently: number;
  maxBatchSize: number;
  subscribeTimeoutMs: number;
}

/** Fills in the defaults and refuses what cannot work (no broker, a heartbeat slower than the session...). */
export function resolveSettings(options: KafkaBusOptions): KafkaBusSettings {
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
  const backoffAfter = backoffSchedule('retry.backoffMs', options.retry?.backoffMs ?? DEFAULTS.backoffMs);
  const maxAttempts = options.maxAttempts ?? DEFAULTS.maxAttempts;
  positiveInteger('maxAttempts', maxAttempts);
  const consumer = options.consumer ?? {};
  const timings = {
    sessionTimeout: consumer.sessionTimeoutMs ?? DEFAULTS.sessionTimeoutMs,
    rebalanceTimeout: consumer.rebalanceTimeoutMs ?? DEFAULTS.rebalanceTimeoutMs,
    heartbeatInterval: consumer.heartbeatIntervalMs ?? DEFAULTS.heartbeatIntervalMs,
    maxWaitTimeInMs: consumer.maxWaitTimeMs ?? DEFAULTS.maxWaitTimeMs,
  };
  const partitionsConsumedConcurrently =
    consumer.partitionsConsumedConcurrently ?? DEFAULTS.partitionsConsumedConcurrently;
  positiveInteger('consumer.partitionsConsumedConcurrently', partitionsConsumedConcurrently);
  const maxBatchSize = consumer.maxBatchSize ?? DEFAULTS.maxBatchSize;
  positiveInteger('consumer.maxBatchSize', maxBatchSize);
  if (timings.heartbeatInterval >= timings.sessionTimeout) {
    throw new RangeError('consumer.heartbeatIntervalMs must be shorter than consumer.sessionTimeoutMs');
  }
  const subscribeTimeoutMs = options.subscribeTimeoutMs ?? DEFAULTS.subscribeTimeoutMs;
  return {
    brokers,
    partitions,
    replicationFactor: options.replicationFactor,
    backoffAfter,
    maxAttempts,
    timings,
    partitionsConsumedConcurrently,
    maxBatchSize,
    subscribeTimeoutMs,
  };
}
