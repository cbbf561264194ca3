import { randomUUID } from 'node:crypto';
import {
  createInMemoryQuarantine,
  QUARANTINE_TOPIC,
  UNDECODABLE_CODE,
  type DeliveredMessage,
} from '@appeals/bus';
import { waitFor } from '@appeals/bus/contract';
import { quarantiningBusContract } from '@appeals/bus/quarantine-bus-contract';
import { kafkaUnderTest } from '@appeals/testkit/kafka';
import { createKafkaBus } from './kafkaBus';
import { TEST_CONSUMER_TIMINGS, withTopicCleanup } from './testKafka';

const server = kafkaUnderTest();
const connection = { brokers: server.brokers, sasl: server.sasl };

const kafkaBus = (quarantine = createInMemoryQuarantine()) => ({
  quarantine,
  ...withTopicCleanup(
    createKafkaBus({
      ...connection,
      clientId: 'bus-quarantine',
      retry: { backoffMs: [10, 20] },
      consumer: TEST_CONSUMER_TIMINGS,
      quarantine,
      quarantineReplayMs: 100,
    }),
    connection,
  ),
});

server.describe('Kafka bus', () => {
  quarantiningBusContract('kafka', async () => kafkaBus());

  it('also publishes a quarantined message to the quarantine topic, saying where it came from and why', async () => {
    const { bus, teardown } = kafkaBus();
    try {
      const topic = `contract.quarantine-topic.${randomUUID()}`;
      const groupId = `group.${randomUUID()}`;
      const recorded: DeliveredMessage[] = [];
      await bus.subscribe({
        groupId: `watch.${randomUUID()}`,
        topics: [QUARANTINE_TOPIC],
        fromBeginning: false,
        handler: async (m) => void (m.headers['x-original-topic'] === topic && recorded.push(m)),
      });
      await bus.subscribe({
        groupId,
        topics: [topic],
        handler: async () => {
          throw Object.assign(new Error('Cannot decode AppealRouted (future_version): v9'), {
            code: UNDECODABLE_CODE,
          });
        },
      });
      await bus.publish([
        { topic, key: 'appeal-1', value: '{"v":9}', headers: { ce_type: 'kz.appeals.AppealRouted.v9' } },
      ]);
      await waitFor(() => recorded.length === 1, 30_000);
      expect(recorded[0]).toMatchObject({
        key: 'appeal-1',
        value: '{"v":9}',
        headers: {
          ce_type: 'kz.appeals.AppealRouted.v9',
          'x-group-id': groupId,
          'x-original-topic': topic,
          'x-original-offset': '0',
        },
      });
      expect(recorded[0]!.headers['x-error']).toContain('future_version');
    } finally {
      await bus.close();
      await teardown();
    }
  }, 60_000);

  it('delivers a replay requested in the quarantine to one member of the group, which removes the entry', async () => {
    const { bus, quarantine, teardown } = kafkaBus();
    try {
      const topic = `contract.quarantine-replay.${randomUUID()}`;
      const groupId = `group.${randomUUID()}`;
      let decodable = false;
      const handled: DeliveredMessage[] = [];
      const handler = async (m: DeliveredMessage) => {
        if (!decodable)
          throw Object.assign(new Error('Cannot decode (unknown_type)'), { code: UNDECODABLE_CODE });
        handled.push(m);
      };
      // two members of the group: each looks for replays, one claims it
      await bus.subscribe({ groupId, topics: [topic], handler });
      await bus.subscribe({ groupId, topics: [topic], handler });
      await bus.publish([{ topic, key: 'appeal-2', value: '{"v":1}' }]);
      await waitFor(async () => (await quarantine.list({ groupId })).length === 1, 30_000);
      const [entry] = await quarantine.list({ groupId });

      decodable = true; // the code that decodes it shipped
      await quarantine.requestReplay(entry!.id);
      await waitFor(() => handled.length >= 1, 30_000);
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(handled).toHaveLength(1);
      expect(handled[0]).toMatchObject({
        key: 'appeal-2',
        value: '{"v":1}',
        headers: { 'x-quarantine-id': entry!.id },
      });
      expect(await quarantine.get(entry!.id)).toBeUndefined();
    } finally {
      await bus.close();
      await teardown();
    }
  }, 60_000);
});
