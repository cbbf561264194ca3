import { randomUUID } from 'node:crypto';
import { Kafka, logLevel } from 'kafkajs';
import { waitFor } from '@appeals/bus/contract';
import { kafkaUnderTest } from '@appeals/testkit/kafka';
import { kafkaClientConfig } from './sasl';
import { createKafkaBus } from './kafkaBus';
import { deleteTopics } from './testKafka';

const server = kafkaUnderTest();
const connection = { brokers: server.brokers, sasl: server.sasl };

/** A session this short makes the broker drop a member that stays silent for 1.5 s. */
const TIMINGS = {
  sessionTimeoutMs: 1_500,
  rebalanceTimeoutMs: 5_000,
  heartbeatIntervalMs: 300,
  maxWaitTimeMs: 100,
};
const SLOWER_THAN_THE_SESSION_MS = 4_500;

server.describe('Kafka bus: a handler slower than the session timeout', () => {
  const topics: string[] = [];
  afterAll(() => deleteTopics(connection, topics));

  it.each(['one at a time', 'in batches'] as const)(
    'keeps its member in the group (%s): the message is handled once and committed, no rebalance',
    async (mode) => {
      const topic = `specifics.slow.${randomUUID()}`;
      const groupId = `slow-${randomUUID()}`;
      topics.push(topic);
      const bus = createKafkaBus({
        ...connection,
        clientId: 'slow-handler',
        consumer: TIMINGS,
      });
      const admin = new Kafka({
        clientId: 'slow-admin',
        ...kafkaClientConfig(connection),
        logLevel: logLevel.NOTHING,
      }).admin();
      await admin.connect();
      try {
        await bus.publish([
          { topic, key: 'a', value: 'slow' },
          { topic, key: 'a', value: 'next' },
        ]);
        const seen: string[] = [];
        const handle = async (value: string) => {
          seen.push(value);
          if (value === 'slow') await new Promise((r) => setTimeout(r, SLOWER_THAN_THE_SESSION_MS));
        };
        const consumer = await bus.subscribe({
          groupId,
          topics: [topic],
          ...(mode === 'one at a time'
            ? { handler: (m) => handle(m.value) }
            : {
                batchHandler: async (ms) => {
                  for (const m of ms) await handle(m.value);
                },
              }),
        });
        await waitFor(() => seen.includes('next'), 20_000);
        // a dropped member's commit fails, so the group would rejoin and deliver 'slow' again: give it that while
        await new Promise((r) => setTimeout(r, 2 * TIMINGS.sessionTimeoutMs));
        await consumer.stop();
        expect(seen).toEqual(['slow', 'next']);
        const [offsets] = await admin.fetchOffsets({ groupId, topics: [topic] });
        // both messages share a key, so one partition: its committed offset is past both, no other partition has one
        expect(offsets!.partitions.map((p) => Number(p.offset)).filter((o) => o >= 0)).toEqual([2]);
      } finally {
        await admin.disconnect();
        await bus.close();
      }
    },
    40_000,
  );
});
