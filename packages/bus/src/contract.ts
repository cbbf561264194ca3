/// <reference types="jest" />
import { randomUUID } from 'node:crypto';
import { DEAD_LETTER_TOPIC, type Bus, type DeliveredMessage, type OutgoingMessage } from './port';

/** What a contract run needs from an adapter: a fresh bus, and how to clean up after it. */
export interface BusFixture {
  bus: Bus;
  teardown?: () => Promise<void>;
}

const WAIT_MS = 10_000;
/** Quiet time after the expected deliveries, long enough for a stray duplicate to show up. */
const SETTLE_MS = 250;

/** Polls `predicate` until it holds; rejects after `timeoutMs`. */
export async function waitFor(
  predicate: () => boolean | Promise<boolean>,
  timeoutMs = WAIT_MS,
  intervalMs = 10,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await predicate()) return;
    if (Date.now() >= deadline) throw new Error(`waitFor: condition still false after ${timeoutMs} ms`);
    await sleep(intervalMs);
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Topic and group names unique per test, legal on Kafka, so runs never see each other's messages. */
export function unique(kind: string): string {
  return `contract.${kind}.${randomUUID()}`;
}

interface Payload {
  key: string;
  seq: number;
}

export function message(
  topic: string,
  key: string,
  seq: number,
  headers?: Record<string, string>,
): OutgoingMessage {
  return {
    topic,
    key,
    value: JSON.stringify({ key, seq } satisfies Payload),
    ...(headers ? { headers } : {}),
  };
}

export function payload(delivered: DeliveredMessage): Payload {
  return JSON.parse(delivered.value) as Payload;
}

export function label(delivered: DeliveredMessage): string {
  const { key, seq } = payload(delivered);
  return `${key}#${seq}`;
}

/** A handler that records what it receives. */
function recorder(): { received: DeliveredMessage[]; handler: (m: DeliveredMessage) => Promise<void> } {
  const received: DeliveredMessage[] = [];
  return { received, handler: async (m) => void received.push(m) };
}

/** The dead letters of `topic` from now on (other runs share the dead-letter topic: only this test's are kept). */
export async function deadLetters(bus: Bus, topic: string): Promise<DeliveredMessage[]> {
  const dead: DeliveredMessage[] = [];
  await bus.subscribe({
    groupId: unique('dlq-watch'),
    topics: [DEAD_LETTER_TOPIC],
    fromBeginning: false,
    handler: async (m) => {
      if (m.headers['x-original-topic'] === topic) dead.push(m);
    },
  });
  return dead;
}

/**
 * The behaviour every Bus adapter must show (Kafka's semantics, at-least-once).
 * Relies only on publish/subscribe/stop/close, never on `idle()`. Adapters must let `subscribe`
 * resolve once the consumer's partitions and starting positions are settled, and must create
 * topics with at least two partitions.
 *
 * @example
 * busContract('in-process', async () => ({ bus: createInProcessBus() }));
 */
export function busContract(name: string, factory: () => Promise<BusFixture>): void {
  describe(`Bus contract: ${name}`, () => {
    let fixture: BusFixture;
    let bus: Bus;

    beforeEach(async () => {
      fixture = await factory();
      bus = fixture.bus;
    });

    afterEach(async () => {
      await bus.close();
      await fixture.teardown?.();
    });

    it('delivers a published message with its key, value and headers', async () => {
      const topic = unique('roundtrip');
      const { received, handler } = recorder();
      await bus.subscribe({ groupId: unique('group'), topics: [topic], handler });

      const headers = {
        ce_type: 'AppealSubmitted',
        traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
      };
      await bus.publish([{ topic, key: 'appeal-1', value: '{"text":"Өтініш — обращение"}', headers }]);

      await waitFor(() => received.length === 1);
      const [delivered] = received;
      expect(delivered).toMatchObject({
        topic,
        key: 'appeal-1',
        value: '{"text":"Өтініш — обращение"}',
        attempt: 1,
      });
      expect(delivered!.headers).toMatchObject(headers);
      expect(Number.isInteger(delivered!.partition) && delivered!.partition >= 0).toBe(true);
      expect(delivered!.offset).toBe(0);
    });

    it("keeps each key's messages in order", async () => {
      const topic = unique('ordering');
      const keys = ['a', 'b', 'c', 'd', 'e'].map((k) => `appeal-${k}`);
      const { received, handler } = recorder();
      await bus.subscribe({
        groupId: unique('group'),
        topics: [topic],
        handler: async (m) => {
          // Uneven handler times let partitions overtake each other; keys must not.
          if (payload(m).seq % 3 === 0) await sleep(1);
          await handler(m);
        },
      });

      const all = Array.from({ length: 100 }, (_, i) => message(topic, keys[i % 5]!, Math.floor(i / 5)));
      for (let batch = 0; batch < 100; batch += 10) await bus.publish(all.slice(batch, batch + 10));

      await waitFor(() => received.length >= 100);
      await sleep(SETTLE_MS);
      expect(received).toHaveLength(100);
      for (const key of keys) {
        const mine = received.filter((m) => m.key === key);
        expect(mine.map((m) => payload(m).seq)).toEqual(Array.from({ length: 20 }, (_, i) => i));
        expect(new Set(mine.map((m) => m.partition)).size).toBe(1);
      }
    });

    it('gives every consumer group every message', async () => {
      const topic = unique('fanout');
      const first = recorder();
      const second = recorder();
      await bus.subscribe({ groupId: unique('routing'), topics: [topic], handler: first.handler });
      await bus.subscribe({ groupId: unique('audit'), topics: [topic], handler: second.handler });

      await bus.publish(Array.from({ length: 20 }, (_, i) => message(topic, `appeal-${i % 4}`, i)));

      await waitFor(() => first.received.length >= 20 && second.received.length >= 20);
      await sleep(SETTLE_MS);
      const expected = Array.from({ length: 20 }, (_, i) => `appeal-${i % 4}#${i}`).sort();
      expect(first.received.map(label).sort()).toEqual(expected);
      expect(second.received.map(label).sort()).toEqual(expected);
    });

    it('splits the partitions between the consumers of one group', async () => {
      const topic = unique('split');
      const groupId = unique('group');
      const one = recorder();
      const two = recorder();
      await bus.subscribe({ groupId, topics: [topic], handler: one.handler });
      await bus.subscribe({ groupId, topics: [topic], handler: two.handler });

      // 30 keys spread over the partitions, so both consumers must get some.
      await bus.publish(Array.from({ length: 60 }, (_, i) => message(topic, `appeal-${i % 30}`, i)));

      const total = (): number => one.received.length + two.received.length;
      await waitFor(() => total() >= 60);
      await sleep(SETTLE_MS);
      const seen = [...one.received, ...two.received].map(label).sort();
      expect(seen).toEqual(Array.from({ length: 60 }, (_, i) => `appeal-${i % 30}#${i}`).sort());
      expect(one.received.length).toBeGreaterThan(0);
      expect(two.received.length).toBeGreaterThan(0);
    });

    it('redelivers a failed message and holds back the rest of its partition until it succeeds', async () => {
      const topic = unique('retry');
      const log: string[] = [];
      let failed = false;
      await bus.subscribe({
        groupId: unique('group'),
        topics: [topic],
        handler: async (m) => {
          log.push(`${label(m)}@${m.attempt}`);
          if (payload(m).seq === 1 && !failed) {
            failed = true;
            throw new Error('transient outage');
          }
        },
      });

      await bus.publish([1, 2, 3].map((seq) => message(topic, 'appeal-1', seq)));

      await waitFor(() => log.length >= 4);
      await sleep(SETTLE_MS);
      expect(log).toEqual(['appeal-1#1@1', 'appeal-1#1@2', 'appeal-1#2@1', 'appeal-1#3@1']);
    });

    it('sends a poison message to the dead-letter topic after maxAttempts and keeps going', async () => {
      const topic = unique('poison');
      const dead = await deadLetters(bus, topic);
      const attempts: number[] = [];
      const handled: string[] = [];
      await bus.subscribe({
        groupId: unique('group'),
        topics: [topic],
        maxAttempts: 3,
        handler: async (m) => {
          if (payload(m).seq === 0) {
            attempts.push(m.attempt);
            throw new Error('poison: cannot parse appeal');
          }
          handled.push(label(m));
        },
      });

      await bus.publish([
        message(topic, 'appeal-9', 0, { ce_type: 'AppealSubmitted' }),
        message(topic, 'appeal-9', 1),
        message(topic, 'appeal-9', 2),
      ]);

      await waitFor(() => dead.length >= 1 && handled.length >= 2);
      await sleep(SETTLE_MS);
      expect(attempts).toEqual([1, 2, 3]);
      expect(handled).toEqual(['appeal-9#1', 'appeal-9#2']);
      expect(dead).toHaveLength(1);
      const [letter] = dead;
      expect(letter!.key).toBe('appeal-9');
      expect(payload(letter!)).toEqual({ key: 'appeal-9', seq: 0 });
      expect(letter!.headers).toMatchObject({
        ce_type: 'AppealSubmitted',
        'x-original-topic': topic,
        'x-original-offset': '0',
        'x-attempts': '3',
      });
      expect(letter!.headers['x-error']).toContain('poison: cannot parse appeal');
      expect(Number(letter!.headers['x-original-partition'])).toBeGreaterThanOrEqual(0);
    });

    it('resumes a group from its committed offsets when a new consumer joins after a stop', async () => {
      const topic = unique('resume');
      const groupId = unique('group');
      const before = recorder();
      const consumer = await bus.subscribe({ groupId, topics: [topic], handler: before.handler });
      await bus.publish(Array.from({ length: 10 }, (_, i) => message(topic, `appeal-${i % 5}`, i)));
      await waitFor(() => before.received.length >= 10);
      await consumer.stop();

      await bus.publish(Array.from({ length: 10 }, (_, i) => message(topic, `appeal-${i % 5}`, 10 + i)));
      const after = recorder();
      await bus.subscribe({ groupId, topics: [topic], handler: after.handler });

      await waitFor(() => after.received.length >= 10);
      await sleep(SETTLE_MS);
      expect(before.received.map(label).sort()).toEqual(
        Array.from({ length: 10 }, (_, i) => `appeal-${i % 5}#${i}`).sort(),
      );
      expect(after.received.map(label).sort()).toEqual(
        Array.from({ length: 10 }, (_, i) => `appeal-${i % 5}#${10 + i}`).sort(),
      );
    });

    it('rejects a subscription with both or neither of handler and batchHandler', async () => {
      const topic = unique('handlers');
      const handler = async () => undefined;
      await expect(
        bus.subscribe({ groupId: unique('group'), topics: [topic], handler, batchHandler: handler }),
      ).rejects.toThrow(TypeError);
      await expect(bus.subscribe({ groupId: unique('group'), topics: [topic] })).rejects.toThrow(TypeError);
    });

    it('hands a batch handler consecutive messages of one partition, in order, and commits them', async () => {
      const topic = unique('batch');
      const groupId = unique('group');
      const keys = Array.from({ length: 6 }, (_, i) => `appeal-${i}`);
      // Published before anyone listens, so the first deliveries find many messages waiting.
      await bus.publish(Array.from({ length: 60 }, (_, i) => message(topic, keys[i % 6]!, i)));
      const batches: DeliveredMessage[][] = [];
      const consumer = await bus.subscribe({
        groupId,
        topics: [topic],
        batchHandler: async (messages) => void batches.push(messages),
      });

      const received = () => batches.flat();
      await waitFor(() => received().length >= 60);
      await sleep(SETTLE_MS);
      expect(received().map(label).sort()).toEqual(
        Array.from({ length: 60 }, (_, i) => `appeal-${i % 6}#${i}`).sort(),
      );
      for (const batch of batches) {
        expect(new Set(batch.map((m) => m.partition)).size).toBe(1);
        expect(batch.map((m) => m.offset)).toEqual(batch.map((_, i) => batch[0]!.offset + i));
        expect(batch.every((m) => m.attempt === 1)).toBe(true);
      }
      expect(Math.max(...batches.map((batch) => batch.length))).toBeGreaterThan(1);
      for (const key of keys) {
        const seqs = received()
          .filter((m) => m.key === key)
          .map((m) => payload(m).seq);
        expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
      }

      // Committed: the group's next consumer gets only what came after.
      await consumer.stop();
      await bus.publish([60, 61].map((seq) => message(topic, keys[seq % 6]!, seq)));
      const after = recorder();
      await bus.subscribe({
        groupId,
        topics: [topic],
        batchHandler: async (messages) => {
          for (const m of messages) await after.handler(m);
        },
      });
      await waitFor(() => after.received.length >= 2);
      await sleep(SETTLE_MS);
      expect(after.received.map(label).sort()).toEqual(['appeal-0#60', 'appeal-1#61']);
    });

    it('redelivers a failed batch one message at a time and dead-letters only the poison one', async () => {
      const topic = unique('batch-poison');
      const dead = await deadLetters(bus, topic);
      await bus.publish([0, 1, 2, 3, 4].map((seq) => message(topic, 'appeal-7', seq)));
      const calls: string[][] = [];
      const handled: string[] = [];
      await bus.subscribe({
        groupId: unique('group'),
        topics: [topic],
        maxAttempts: 3,
        batchHandler: async (messages) => {
          calls.push(messages.map((m) => `${label(m)}@${m.attempt}`));
          if (messages.some((m) => payload(m).seq === 2)) throw new Error('poison: cannot parse appeal');
          handled.push(...messages.map(label));
        },
      });

      await waitFor(() => dead.length >= 1 && handled.length >= 4);
      await sleep(SETTLE_MS);
      expect(calls[0]!.length).toBeGreaterThan(1);
      expect(calls[0]!.every((call) => call.endsWith('@1'))).toBe(true);
      // after the failed batch: its messages alone, each once more; the poison one until maxAttempts
      const singles = calls.slice(1);
      expect(singles.every((call) => call.length === 1)).toBe(true);
      const failedBatch = calls[0]!.map((call) => call.replace(/@1$/, ''));
      const expectedSingles = failedBatch.flatMap((m) =>
        m === 'appeal-7#2' ? [`${m}@2`, `${m}@3`] : [`${m}@2`],
      );
      expect(singles.slice(0, expectedSingles.length).flat()).toEqual(expectedSingles);
      expect(handled).toEqual(['appeal-7#0', 'appeal-7#1', 'appeal-7#3', 'appeal-7#4']);
      expect(dead).toHaveLength(1);
      expect(payload(dead[0]!)).toEqual({ key: 'appeal-7', seq: 2 });
      expect(dead[0]!.headers['x-attempts']).toBe('3');
    });

    it('starts a new group at the end of the topic when fromBeginning is false', async () => {
      const topic = unique('latest');
      await bus.publish([0, 1, 2].map((seq) => message(topic, `appeal-${seq}`, seq)));
      const { received, handler } = recorder();
      await bus.subscribe({ groupId: unique('group'), topics: [topic], handler, fromBeginning: false });

      await bus.publish([3, 4, 5].map((seq) => message(topic, `appeal-${seq}`, seq)));

      await waitFor(() => received.length >= 3);
      await sleep(SETTLE_MS);
      expect(received.map(label).sort()).toEqual(['appeal-3#3', 'appeal-4#4', 'appeal-5#5']);
    });
  });
}
