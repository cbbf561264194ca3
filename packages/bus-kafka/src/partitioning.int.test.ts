import { randomUUID } from 'node:crypto';
import { partitionFor, type DeliveredMessage } from '@appeals/bus';
import { waitFor } from '@appeals/bus/contract';
import { createKafkaBus, type KafkaBus } from './kafkaBus';
import { deleteTopics } from './testKafka';
import { kafkaUnderTest } from '@appeals/testkit/kafka';
import { TEST_CONSUMER_TIMINGS } from './testKafka';

const server = kafkaUnderTest();
const connection = { brokers: server.brokers, sasl: server.sasl };

server.describe('Kafka bus partitioning', () => {
  let bus: KafkaBus;

  beforeAll(() => {
    bus = createKafkaBus({
      ...connection,
      clientId: 'bus-partitioning',
      consumer: TEST_CONSUMER_TIMINGS,
    });
  });

  const topic = `partitioning.${randomUUID()}`;

  afterAll(async () => {
    await bus.close();
    await deleteTopics(connection, [topic]);
  });

  it('puts every key on partitionFor(key, 12), the partition the in-process bus uses', async () => {
    const keys = [
      ...Array.from({ length: 40 }, () => `appeal-${randomUUID()}`),
      'appeal-1',
      'a',
      '',
      'Өтініш — обращение',
      '751510000',
      '🙂 emoji key',
    ];
    const received: DeliveredMessage[] = [];
    await bus.subscribe({
      groupId: `partitioning.${randomUUID()}`,
      topics: [topic],
      handler: async (m) => void received.push(m),
    });

    await bus.publish(keys.map((key, i) => ({ topic, key, value: JSON.stringify({ i }) })));

    await waitFor(() => received.length >= keys.length);
    const placed = received.map((m) => ({ key: m.key, partition: m.partition }));
    expect(placed).toEqual(
      expect.arrayContaining(keys.map((key) => ({ key, partition: partitionFor(key, 12) }))),
    );
    expect(placed).toHaveLength(keys.length);
    // The keys really spread out: a partitioner that ignored the key would fail here.
    expect(new Set(placed.map((p) => p.partition)).size).toBeGreaterThan(6);
  });
});
