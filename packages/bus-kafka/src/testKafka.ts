import { Kafka, logLevel } from 'kafkajs';
import { DEAD_LETTER_TOPIC, QUARANTINE_TOPIC, type Bus } from '@appeals/bus';
import { kafkaClientConfig, type KafkaConnection } from './sasl';

/**
 * Wraps a bus so a test can delete the topics it used afterwards: every test makes fresh topics, and a
 * long-lived local broker would otherwise collect thousands of partitions. The shared dead-letter topic stays.
 */
export function withTopicCleanup(
  bus: Bus,
  connection: KafkaConnection,
): { bus: Bus; teardown: () => Promise<void> } {
  const used = new Set<string>();
  const tracked: Bus = {
    publish: (messages) => {
      messages.forEach((message) => used.add(message.topic));
      return bus.publish(messages);
    },
    subscribe: (options) => {
      options.topics.forEach((topic) => used.add(topic));
      return bus.subscribe(options);
    },
    close: () => bus.close(),
  };
  const teardown = async (): Promise<void> => {
    used.delete(DEAD_LETTER_TOPIC);
    used.delete(QUARANTINE_TOPIC);
    if (used.size === 0) return;
    await deleteTopics(connection, [...used]);
  };
  return { bus: tracked, teardown };
}

/** Deletes topics if they exist (errors are ignored: cleanup must not fail a test). */
export async function deleteTopics(connection: KafkaConnection, topics: string[]): Promise<void> {
  const admin = new Kafka({
    clientId: 'test-cleanup',
    ...kafkaClientConfig(connection),
    logLevel: logLevel.NOTHING,
  }).admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const doomed = topics.filter((topic) => existing.has(topic));
    if (doomed.length > 0) await admin.deleteTopics({ topics: doomed, timeout: 5_000 });
  } catch {
    // a topic left behind costs disk, not correctness
  } finally {
    await admin.disconnect();
  }
}

/** Short consumer timings so group joins and rebalances take a fraction of a second in tests. */
export const TEST_CONSUMER_TIMINGS = {
  sessionTimeoutMs: 6_000,
  rebalanceTimeoutMs: 5_000,
  heartbeatIntervalMs: 200,
  maxWaitTimeMs: 100,
} as const;
