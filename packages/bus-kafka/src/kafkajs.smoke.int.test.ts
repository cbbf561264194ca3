import { randomUUID } from 'node:crypto';
import { Kafka, Partitioners, logLevel, type EachMessagePayload } from 'kafkajs';
import { waitFor } from '@appeals/bus/contract';
import { kafkaUnderTest } from '@appeals/testkit/kafka';
import { kafkaClientConfig } from './sasl';
import { TEST_CONSUMER_TIMINGS } from './testKafka';

const server = kafkaUnderTest();
const connection = { brokers: server.brokers, sasl: server.sasl };

/** kafkajs 2.2 predates Kafka 4 (which dropped old protocol versions): prove the pinned broker still speaks to it. */
server.describe('kafkajs against the pinned broker', () => {
  const kafka = new Kafka({
    clientId: 'kafkajs-smoke',
    ...kafkaClientConfig(connection),
    logLevel: logLevel.NOTHING,
  });
  const admin = kafka.admin();

  beforeAll(() => admin.connect());
  afterAll(() => admin.disconnect());

  it('describes the cluster: one KRaft node on loopback', async () => {
    const cluster = await admin.describeCluster();
    expect(cluster.brokers).toHaveLength(1);
    expect(cluster.brokers[0]).toMatchObject({ host: '127.0.0.1' });
    expect(cluster.clusterId).toEqual(expect.any(String));
  });

  it('refuses to create topics on the fly (auto.create.topics.enable=false)', async () => {
    const producer = kafka.producer({
      createPartitioner: Partitioners.DefaultPartitioner,
      retry: { retries: 1 },
    });
    await producer.connect();
    try {
      await expect(
        producer.send({ topic: `smoke.absent.${randomUUID()}`, messages: [{ key: 'k', value: 'v' }] }),
      ).rejects.toThrow();
    } finally {
      await producer.disconnect();
    }
  });

  it('produces idempotently, consumes in a group, commits and reads the committed offsets back', async () => {
    const topic = `smoke.${randomUUID()}`;
    const groupId = `smoke.${randomUUID()}`;
    expect(await admin.createTopics({ topics: [{ topic, numPartitions: 3 }], waitForLeaders: true })).toBe(
      true,
    );
    expect(await admin.createTopics({ topics: [{ topic, numPartitions: 3 }] })).toBe(false);
    expect(await admin.listTopics()).toContain(topic);

    const producer = kafka.producer({
      idempotent: true,
      maxInFlightRequests: 1,
      createPartitioner: Partitioners.DefaultPartitioner,
    });
    await producer.connect();
    const sent = await producer.send({
      topic,
      acks: -1,
      messages: Array.from({ length: 30 }, (_, i) => ({
        key: `appeal-${i % 6}`,
        value: JSON.stringify({ i }),
        headers: { ce_type: 'AppealSubmitted' },
      })),
    });
    await producer.disconnect();
    expect(sent.every((record) => record.errorCode === 0)).toBe(true);

    const consumer = kafka.consumer({
      groupId,
      sessionTimeout: TEST_CONSUMER_TIMINGS.sessionTimeoutMs,
      rebalanceTimeout: TEST_CONSUMER_TIMINGS.rebalanceTimeoutMs,
      heartbeatInterval: TEST_CONSUMER_TIMINGS.heartbeatIntervalMs,
      maxWaitTimeInMs: TEST_CONSUMER_TIMINGS.maxWaitTimeMs,
    });
    const seen: EachMessagePayload[] = [];
    await consumer.connect();
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    await consumer.run({
      autoCommit: false,
      eachMessage: async (payload) => {
        seen.push(payload);
        const next = (BigInt(payload.message.offset) + 1n).toString();
        await consumer.commitOffsets([{ topic, partition: payload.partition, offset: next }]);
      },
    });
    try {
      await waitFor(() => seen.length >= 30);
      expect(seen.map((p) => JSON.parse(p.message.value!.toString()).i).sort((a, b) => a - b)).toEqual(
        Array.from({ length: 30 }, (_, i) => i),
      );
      expect(seen.every((p) => p.message.headers?.ce_type?.toString() === 'AppealSubmitted')).toBe(true);

      const described = await admin.describeGroups([groupId]);
      expect(described.groups[0]).toMatchObject({ groupId, state: 'Stable', protocolType: 'consumer' });
      expect(described.groups[0]!.members).toHaveLength(1);
      await waitFor(async () => {
        const [offsets] = await admin.fetchOffsets({ groupId, topics: [topic] });
        return offsets!.partitions.reduce((sum, p) => sum + Math.max(Number(p.offset), 0), 0) === 30;
      });
    } finally {
      await consumer.disconnect();
    }
    expect((await admin.listGroups()).groups.map((g) => g.groupId)).toContain(groupId);
    await admin.deleteGroups([groupId]);
    await admin.deleteTopics({ topics: [topic] });
  });
});
