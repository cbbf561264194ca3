import type { Admin } from 'kafkajs';
import { validateTopic, type BusLogger } from '@appeals/bus';
import type { KafkaBusSettings } from './options';

// Topics made explicitly with the bus's partition count, and the admin queries that wait for a topic to be served.

/** Creates topics that do not exist yet (idempotent; each topic is asked for once while its creation holds). */
export function topicMaker(
  admin: () => Promise<Admin>,
  settings: Pick<KafkaBusSettings, 'partitions' | 'replicationFactor'>,
  logger: BusLogger | undefined,
): (topics: string[]) => Promise<void> {
  const { partitions, replicationFactor } = settings;
  const topicsReady = new Map<string, Promise<void>>();

  async function createTopic(topic: string): Promise<void> {
    const client = await admin();
    const created = await client.createTopics({
      topics: [
        {
          topic,
          numPartitions: partitions,
          ...(replicationFactor !== undefined ? { replicationFactor } : {}),
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

  return (topics) => {
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
  };
}

/** The end (high-water mark) of every partition of the topics, by topic and partition. */
export async function endOffsets(client: Admin, topics: string[]): Promise<Map<string, Map<number, string>>> {
  const ends = new Map<string, Map<number, string>>();
  for (const topic of topics) {
    const offsets = await retryingWhileRetriable(() => client.fetchTopicOffsets(topic));
    ends.set(topic, new Map(offsets.map((entry) => [entry.partition, entry.high])));
  }
  return ends;
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
export async function retryingWhileRetriable<T>(attempt: () => Promise<T>, timeoutMs = 30_000): Promise<T> {
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

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
