import { waitFor } from './contract';
import { createInProcessBus, type BusLogger } from './inProcessBus';
import { partitionFor } from './partitioner';
import { DEAD_LETTER_TOPIC, type Bus, type DeliveredMessage, type OutgoingMessage } from './port';

const TOPIC = 'appeals.events.v1';

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function messages(count: number, keys = 24, from = 0): OutgoingMessage[] {
  return Array.from({ length: count }, (_, i) => ({
    topic: TOPIC,
    key: `appeal-${(from + i) % keys}`,
    value: String(from + i),
  }));
}

/** One key per partition, so a batch touches every partition. */
function keyOnEachPartition(partitions: number): string[] {
  const keys = new Map<number, string>();
  for (let i = 0; keys.size < partitions; i++) {
    const key = `appeal-${i}`;
    const partition = partitionFor(key, partitions);
    if (!keys.has(partition)) keys.set(partition, key);
  }
  return [...keys.entries()].sort(([a], [b]) => a - b).map(([, key]) => key);
}

describe('in-process bus', () => {
  let bus: Bus;

  beforeEach(() => {
    bus = createInProcessBus({ retryBackoffMs: [5, 10] });
  });

  afterEach(async () => {
    await bus.close();
  });

  describe('idle()', () => {
    it('resolves at once when nothing was published', async () => {
      await bus.subscribe({ groupId: 'audit', topics: [TOPIC], handler: async () => undefined });
      await expect(bus.idle!()).resolves.toBeUndefined();
    });

    it('waits until every group has handled everything published', async () => {
      const handled = { routing: 0, audit: 0 };
      for (const groupId of ['routing', 'audit'] as const) {
        await bus.subscribe({
          groupId,
          topics: [TOPIC],
          handler: async () => {
            await sleep(2);
            handled[groupId] += 1;
          },
        });
      }

      await bus.publish(messages(30));
      await bus.idle!();

      expect(handled).toEqual({ routing: 30, audit: 30 });
    });

    it('waits for what handlers publish in turn', async () => {
      const delivered: string[] = [];
      await bus.subscribe({
        groupId: 'relay',
        topics: [TOPIC],
        handler: async (m) => bus.publish([{ topic: 'agency.mon.appeals.v1', key: m.key, value: m.value }]),
      });
      await bus.subscribe({
        groupId: 'agency-mon',
        topics: ['agency.mon.appeals.v1'],
        handler: async (m) => void delivered.push(m.value),
      });

      await bus.publish(messages(5));
      await bus.idle!();

      expect(delivered.sort()).toEqual(['0', '1', '2', '3', '4']);
    });

    it('waits for retries to succeed', async () => {
      const attempts: number[] = [];
      await bus.subscribe({
        groupId: 'routing',
        topics: [TOPIC],
        handler: async (m) => {
          attempts.push(m.attempt);
          if (m.attempt < 3) throw new Error('not yet');
        },
      });

      await bus.publish(messages(1));
      await bus.idle!();

      expect(attempts).toEqual([1, 2, 3]);
    });

    it('waits for a poison message to reach the dead-letter topic and its consumers', async () => {
      const dead: DeliveredMessage[] = [];
      await bus.subscribe({
        groupId: 'dlq',
        topics: [DEAD_LETTER_TOPIC],
        handler: async (m) => void dead.push(m),
      });
      await bus.subscribe({
        groupId: 'routing',
        topics: [TOPIC],
        maxAttempts: 2,
        handler: async () => {
          throw new Error('poison');
        },
      });

      await bus.publish(messages(1));
      await bus.idle!();

      expect(dead.map((m) => m.headers['x-error'])).toEqual(['poison']);
    });

    it('ignores a group whose consumers have all stopped', async () => {
      const consumer = await bus.subscribe({
        groupId: 'gone',
        topics: [TOPIC],
        handler: async () => undefined,
      });
      await consumer.stop();

      await bus.publish(messages(3));

      await expect(bus.idle!()).resolves.toBeUndefined();
    });

    it('resolves pending waiters when the bus closes', async () => {
      await bus.subscribe({ groupId: 'slow', topics: [TOPIC], handler: () => sleep(50) });
      await bus.publish(messages(20));

      const idle = bus.idle!();
      await bus.close();

      await expect(idle).resolves.toBeUndefined();
    });
  });

  describe('rebalancing', () => {
    const keys = keyOnEachPartition(12);
    const onEveryPartition = (from: number): OutgoingMessage[] =>
      keys.map((key, i) => ({ topic: TOPIC, key, value: String(from + i) }));

    it('gives a lone consumer every partition', async () => {
      const partitions = new Set<number>();
      await bus.subscribe({
        groupId: 'g',
        topics: [TOPIC],
        handler: async (m) => void partitions.add(m.partition),
      });

      await bus.publish(onEveryPartition(0));
      await bus.idle!();

      expect(partitions.size).toBe(12);
    });

    it('hands part of the partitions to a consumer that joins, without overlap', async () => {
      const seen = { a: new Set<number>(), b: new Set<number>() };
      await bus.subscribe({
        groupId: 'g',
        topics: [TOPIC],
        handler: async (m) => void seen.a.add(m.partition),
      });
      await bus.subscribe({
        groupId: 'g',
        topics: [TOPIC],
        handler: async (m) => void seen.b.add(m.partition),
      });

      await bus.publish(onEveryPartition(0));
      await bus.idle!();

      expect(seen.a.size).toBe(6);
      expect(seen.b.size).toBe(6);
      expect([...seen.a].filter((p) => seen.b.has(p))).toEqual([]);
    });

    it("gives a stopped consumer's partitions to the rest of its group", async () => {
      const seen = { a: new Set<number>(), b: new Set<number>() };
      await bus.subscribe({
        groupId: 'g',
        topics: [TOPIC],
        handler: async (m) => void seen.a.add(m.partition),
      });
      const b = await bus.subscribe({
        groupId: 'g',
        topics: [TOPIC],
        handler: async (m) => void seen.b.add(m.partition),
      });
      await b.stop();

      await bus.publish(onEveryPartition(0));
      await bus.idle!();

      expect(seen.a.size).toBe(12);
      expect(seen.b.size).toBe(0);
    });

    it('assigns a topic only among the consumers subscribed to it', async () => {
      const other = 'agency.mon.appeals.v1';
      const seen: Record<string, Set<string>> = { a: new Set(), b: new Set() };
      await bus.subscribe({ groupId: 'g', topics: [TOPIC], handler: async (m) => void seen.a!.add(m.topic) });
      await bus.subscribe({ groupId: 'g', topics: [other], handler: async (m) => void seen.b!.add(m.topic) });

      await bus.publish([
        ...onEveryPartition(0),
        ...onEveryPartition(0).map((m) => ({ ...m, topic: other })),
      ]);
      await bus.idle!();

      expect([...seen.a!]).toEqual([TOPIC]);
      expect([...seen.b!]).toEqual([other]);
    });

    it('loses and repeats nothing while consumers join and leave under load', async () => {
      const handled = new Map<string, number>();
      const lastSeq = new Map<string, number>();
      let outOfOrder = 0;
      const handler = async (m: DeliveredMessage): Promise<void> => {
        await sleep(Math.random() < 0.2 ? 1 : 0);
        handled.set(m.value, (handled.get(m.value) ?? 0) + 1);
        const seq = Number(m.value);
        if ((lastSeq.get(m.key) ?? -1) > seq) outOfOrder += 1;
        lastSeq.set(m.key, seq);
      };
      const a = await bus.subscribe({ groupId: 'g', topics: [TOPIC], handler });

      for (let batch = 0; batch < 20; batch++) {
        await bus.publish(messages(15, 24, batch * 15));
        if (batch === 4) await bus.subscribe({ groupId: 'g', topics: [TOPIC], handler });
        if (batch === 8) await bus.subscribe({ groupId: 'g', topics: [TOPIC], handler });
        if (batch === 12) await a.stop();
        await sleep(2);
      }
      await bus.idle!();

      expect(handled.size).toBe(300);
      expect([...handled.values()].every((count) => count === 1)).toBe(true);
      expect(outOfOrder).toBe(0);
    });

    it('never lets two consumers handle one partition at the same time', async () => {
      const key = keys[1]!;
      const busy = new Set<number>();
      let overlaps = 0;
      const order: string[] = [];
      let holding = false;
      const handlerOf =
        (name: string) =>
        async (m: DeliveredMessage): Promise<void> => {
          if (busy.has(m.partition)) overlaps += 1;
          busy.add(m.partition);
          holding = m.value === '0';
          await sleep(m.value === '0' ? 40 : 1);
          order.push(`${m.value}:${name}`);
          busy.delete(m.partition);
        };
      await bus.subscribe({ groupId: 'g', topics: [TOPIC], handler: handlerOf('a') });
      await bus.publish(['0', '1', '2'].map((value) => ({ topic: TOPIC, key, value })));
      await waitFor(() => holding, 1000);

      // Partition 1 moves from a to b while a still holds message 0.
      await bus.subscribe({ groupId: 'g', topics: [TOPIC], handler: handlerOf('b') });
      await bus.idle!();

      expect(overlaps).toBe(0);
      expect(order).toEqual(['0:a', '1:b', '2:b']);
    });

    it('stop() waits for the handler in flight and commits its message', async () => {
      let started = false;
      let finished = false;
      const a = await bus.subscribe({
        groupId: 'g',
        topics: [TOPIC],
        handler: async () => {
          started = true;
          await sleep(30);
          finished = true;
        },
      });
      await bus.publish(messages(1));
      await waitFor(() => started, 1000);

      await a.stop();
      expect(finished).toBe(true);

      const redelivered: DeliveredMessage[] = [];
      await bus.subscribe({ groupId: 'g', topics: [TOPIC], handler: async (m) => void redelivered.push(m) });
      await bus.idle!();
      expect(redelivered).toEqual([]);
    });
  });

  describe('delivery', () => {
    it('never calls a handler inside publish', async () => {
      let calls = 0;
      await bus.subscribe({ groupId: 'g', topics: [TOPIC], handler: async () => void (calls += 1) });

      await bus.publish(messages(1));
      expect(calls).toBe(0);

      await bus.idle!();
      expect(calls).toBe(1);
    });

    it('hands each delivery its own copy of the headers', async () => {
      const seen: Array<Record<string, string>> = [];
      const handler = async (m: DeliveredMessage): Promise<void> => {
        seen.push({ ...m.headers });
        m.headers.tampered = 'yes';
      };
      await bus.subscribe({ groupId: 'one', topics: [TOPIC], handler });
      await bus.subscribe({ groupId: 'two', topics: [TOPIC], handler });

      await bus.publish([{ topic: TOPIC, key: 'k', value: '{}', headers: { ce_type: 'AppealRouted' } }]);
      await bus.idle!();

      expect(seen).toEqual([{ ce_type: 'AppealRouted' }, { ce_type: 'AppealRouted' }]);
    });

    it('waits the configured backoff before each redelivery', async () => {
      const slowBus = createInProcessBus({ retryBackoffMs: [30, 60] });
      const times: number[] = [];
      await slowBus.subscribe({
        groupId: 'g',
        topics: [TOPIC],
        handler: async (m) => {
          times.push(Date.now());
          if (m.attempt < 4) throw new Error('again');
        },
      });

      await slowBus.publish(messages(1));
      await slowBus.idle!();
      await slowBus.close();

      const gaps = times.slice(1).map((t, i) => t - times[i]!);
      expect(gaps).toHaveLength(3);
      expect(gaps[0]).toBeGreaterThanOrEqual(25);
      expect(gaps[1]).toBeGreaterThanOrEqual(55);
      // the last backoff repeats
      expect(gaps[2]).toBeGreaterThanOrEqual(55);
    });

    it('logs failures and dead letters', async () => {
      const logger: BusLogger = { warn: jest.fn(), error: jest.fn() };
      const logged = createInProcessBus({ retryBackoffMs: [1], logger });
      await logged.subscribe({
        groupId: 'g',
        topics: [TOPIC],
        maxAttempts: 2,
        handler: async () => {
          throw new Error('broken');
        },
      });

      await logged.publish(messages(1));
      await logged.idle!();
      await logged.close();

      expect(logger.warn).toHaveBeenCalledTimes(1);
      expect(logger.warn).toHaveBeenCalledWith(
        expect.objectContaining({ attempt: 1, error: 'broken' }),
        expect.any(String),
      );
      expect(logger.error).toHaveBeenCalledTimes(1);
      expect(logger.error).toHaveBeenCalledWith(
        expect.objectContaining({ attempt: 2, groupId: 'g' }),
        expect.any(String),
      );
    });

    it('does not dead-letter a failing dead letter again', async () => {
      await bus.subscribe({
        groupId: 'routing',
        topics: [TOPIC],
        maxAttempts: 1,
        handler: async () => {
          throw new Error('poison');
        },
      });
      await bus.subscribe({
        groupId: 'dlq-processor',
        topics: [DEAD_LETTER_TOPIC],
        maxAttempts: 1,
        handler: async () => {
          throw new Error('still poison');
        },
      });

      await bus.publish(messages(1));
      await bus.idle!();

      const letters: DeliveredMessage[] = [];
      await bus.subscribe({
        groupId: 'count',
        topics: [DEAD_LETTER_TOPIC],
        handler: async (m) => void letters.push(m),
      });
      await bus.idle!();
      expect(letters).toHaveLength(1);
      expect(letters[0]!.headers['x-original-topic']).toBe(TOPIC);
    });

    it('uses the configured number of partitions', async () => {
      const small = createInProcessBus({ partitions: 3 });
      const partitions = new Set<number>();
      await small.subscribe({
        groupId: 'g',
        topics: [TOPIC],
        handler: async (m) => void partitions.add(m.partition),
      });

      await small.publish(messages(50, 50));
      await small.idle!();
      await small.close();

      expect([...partitions].sort()).toEqual([0, 1, 2]);
    });

    it('numbers offsets per partition from zero', async () => {
      const offsets: number[] = [];
      await bus.subscribe({
        groupId: 'g',
        topics: [TOPIC],
        handler: async (m) => void offsets.push(m.offset),
      });

      await bus.publish(['a', 'b', 'c'].map((value) => ({ topic: TOPIC, key: 'same', value })));
      await bus.idle!();

      expect(offsets).toEqual([0, 1, 2]);
    });

    it('rejects topic names Kafka would refuse', async () => {
      await expect(bus.publish([{ topic: 'bad topic!', key: 'k', value: '{}' }])).rejects.toThrow(TypeError);
      await expect(
        bus.subscribe({ groupId: 'g', topics: ['bad/topic'], handler: async () => undefined }),
      ).rejects.toThrow(TypeError);
    });

    it('refuses to publish or subscribe once closed, and closes twice quietly', async () => {
      await bus.close();
      await expect(bus.publish(messages(1))).rejects.toThrow('closed');
      await expect(
        bus.subscribe({ groupId: 'g', topics: [TOPIC], handler: async () => undefined }),
      ).rejects.toThrow('closed');
      await expect(bus.close()).resolves.toBeUndefined();
    });

    it('close() also waits for consumers that were already stopping', async () => {
      let finished = false;
      let started = false;
      const consumer = await bus.subscribe({
        groupId: 'g',
        topics: [TOPIC],
        handler: async () => {
          started = true;
          await sleep(30);
          finished = true;
        },
      });
      await bus.publish(messages(1));
      await waitFor(() => started, 1000);

      void consumer.stop();
      await bus.close();

      expect(finished).toBe(true);
    });

    it('does not deliver to a stopped consumer', async () => {
      const received: DeliveredMessage[] = [];
      const consumer = await bus.subscribe({
        groupId: 'g',
        topics: [TOPIC],
        handler: async (m) => void received.push(m),
      });
      await consumer.stop();
      await consumer.stop();

      await bus.publish(messages(3));
      await sleep(20);

      expect(received).toEqual([]);
    });
  });
});
