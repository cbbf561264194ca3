import { randomUUID } from 'node:crypto';
import { Kafka, logLevel } from 'kafkajs';
import { DEAD_LETTER_TOPIC, type DeliveredMessage } from '@appeals/bus';
import { waitFor } from '@appeals/bus/contract';
import { kafkaClientConfig } from './sasl';
import { createKafkaBus, type KafkaBus } from './kafkaBus';
import { deleteTopics } from './testKafka';
import { kafkaUnderTest } from '@appeals/testkit/kafka';
import { TEST_CONSUMER_TIMINGS } from './testKafka';

const server = kafkaUnderTest();
const connection = { brokers: server.brokers, sasl: server.sasl };

/** What the Kafka adapter promises beyond the shared contract. */
server.describe('Kafka bus specifics', () => {
  const admin = new Kafka({
    clientId: 'bus-specifics-admin',
    ...kafkaClientConfig(connection),
    logLevel: logLevel.NOTHING,
  }).admin();
  let bus: KafkaBus;

  const names: string[] = [];

  beforeAll(() => admin.connect());
  afterAll(async () => {
    await admin.disconnect();
    await deleteTopics(connection, names);
  });
  beforeEach(() => {
    bus = createKafkaBus({
      ...connection,
      clientId: 'bus-specifics',
      partitions: 12,
      retry: { backoffMs: [20] },
      consumer: TEST_CONSUMER_TIMINGS,
    });
  });
  afterEach(() => bus.close());

  const unique = (kind: string): string => {
    const name = `specifics.${kind}.${randomUUID()}`;
    names.push(name);
    return name;
  };
  const committedTotal = async (groupId: string, topic: string): Promise<number[]> => {
    const [offsets] = await admin.fetchOffsets({ groupId, topics: [topic] });
    return offsets!.partitions.sort((a, b) => a.partition - b.partition).map((p) => Number(p.offset));
  };

  it('creates topics explicitly with the configured partitions, the dead-letter topic too, idempotently', async () => {
    const topic = unique('topic');
    await bus.ensureTopics([topic, topic]);
    await bus.ensureTopics([topic]);
    const second = createKafkaBus({ ...connection, clientId: 'second' });
    await second.ensureTopics([topic]);
    await second.close();
    await bus.subscribe({ groupId: unique('group'), topics: [topic], handler: async () => {} });
    const { topics } = await admin.fetchTopicMetadata({ topics: [topic, DEAD_LETTER_TOPIC] });
    expect(Object.fromEntries(topics.map((t) => [t.name, t.partitions.length]))).toEqual({
      [topic]: 12,
      [DEAD_LETTER_TOPIC]: 12,
    });
  });

  it("commits a new group's start positions before subscribe resolves when fromBeginning is false", async () => {
    const topic = unique('positions');
    const groupId = unique('group');
    await bus.publish(
      Array.from({ length: 24 }, (_, i) => ({ topic, key: `appeal-${i}`, value: String(i) })),
    );
    const ends = (await admin.fetchTopicOffsets(topic)).sort((a, b) => a.partition - b.partition);

    await bus.subscribe({ groupId, topics: [topic], fromBeginning: false, handler: async () => {} });

    expect(await committedTotal(groupId, topic)).toEqual(ends.map((p) => Number(p.high)));
  });

  it('stop() waits for the handler in flight and commits it, so the next consumer does not see it again', async () => {
    const topic = unique('stop');
    const groupId = unique('group');
    const started: number[] = [];
    let finished = 0;
    const consumer = await bus.subscribe({
      groupId,
      topics: [topic],
      handler: async (m) => {
        started.push(m.offset);
        await new Promise((resolve) => setTimeout(resolve, 400));
        finished += 1;
      },
    });
    await bus.publish([{ topic, key: 'appeal-1', value: 'slow' }]);
    await waitFor(() => started.length === 1);
    await consumer.stop();
    expect(finished).toBe(1);

    const after: DeliveredMessage[] = [];
    await bus.subscribe({ groupId, topics: [topic], handler: async (m) => void after.push(m) });
    await bus.publish([{ topic, key: 'appeal-1', value: 'next' }]);
    await waitFor(() => after.length >= 1);
    await new Promise((resolve) => setTimeout(resolve, 250));
    expect(after.map((m) => [m.value, m.offset])).toEqual([['next', 1]]);
  });

  it('leaves a message that is waiting for a retry uncommitted when stopped, for the next consumer', async () => {
    const topic = unique('stop-retry');
    const groupId = unique('group');
    const slowBus = createKafkaBus({
      ...connection,
      clientId: 'bus-specifics-slow',
      retry: { backoffMs: [1_000] },
      consumer: TEST_CONSUMER_TIMINGS,
    });
    try {
      const attempts: number[] = [];
      const consumer = await slowBus.subscribe({
        groupId,
        topics: [topic],
        handler: async (m) => {
          attempts.push(m.attempt);
          throw new Error('down');
        },
      });
      await slowBus.publish([{ topic, key: 'appeal-1', value: 'flaky' }]);
      await waitFor(() => attempts.length === 1);
      await consumer.stop();
      expect(attempts).toEqual([1]);
    } finally {
      await slowBus.close();
    }

    const after: DeliveredMessage[] = [];
    await bus.subscribe({ groupId, topics: [topic], handler: async (m) => void after.push(m) });
    await waitFor(() => after.length >= 1);
    expect(after.map((m) => [m.value, m.attempt])).toEqual([['flaky', 1]]);
  });

  it('close() during a subscribe rejects it and starts no consumer', async () => {
    const pending = Promise.allSettled([
      bus.subscribe({ groupId: unique('group'), topics: [unique('closing')], handler: async () => {} }),
    ]);
    await bus.close();
    const [outcome] = await pending;
    // Closed while it was still creating topics: it fails one way or another, and starts no consumer.
    expect(outcome?.status).toBe('rejected');
  });

  it('rejects publish and subscribe after close', async () => {
    await bus.close();
    await expect(bus.publish([{ topic: unique('closed'), key: 'k', value: 'v' }])).rejects.toThrow(/closed/);
    await expect(
      bus.subscribe({ groupId: unique('group'), topics: [unique('closed')], handler: async () => {} }),
    ).rejects.toThrow(/closed/);
  });
});
