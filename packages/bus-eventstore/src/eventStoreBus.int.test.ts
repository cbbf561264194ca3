import { createInProcessBus, DEAD_LETTER_TOPIC, type Bus, type DeliveredMessage } from '@appeals/bus';
import { busContract } from '@appeals/bus/contract';
import { fromEventMessage, Topics } from '@appeals/contracts';
import { createSqliteEventStore, type SqliteEventStore } from '@appeals/eventstore-sqlite';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEventStoreBus, groupCheckpointId } from './eventStoreBus';

const quiet = { warn: () => {}, error: () => {} };
let dir: string;
let store: SqliteEventStore;
const open: Bus[] = [];

const busOn = (s: SqliteEventStore, extra: Partial<Parameters<typeof createEventStoreBus>[0]> = {}) => {
  const bus = createEventStoreBus({
    store: s,
    checkpoints: s.checkpoints,
    retryBackoffMs: [1],
    logger: quiet,
    ...extra,
  });
  open.push(bus);
  return bus;
};

const append = (appealId: string, types: string[], expectedVersion: number | 'no_stream' | 'any' = 'any') =>
  store.append(
    `appeal-${appealId}`,
    types.map((type) => ({ id: randomUUID(), type, data: { appealId }, metadata: { service: 'test' } })),
    { expectedVersion },
  );

const recorder = () => {
  const received: DeliveredMessage[] = [];
  return { received, handler: async (m: DeliveredMessage) => void received.push(m) };
};
const typesOf = (messages: DeliveredMessage[]) => messages.map((m) => fromEventMessage(m).type);

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'bus-eventstore-'));
  store = createSqliteEventStore({ filename: join(dir, 'appeals.db') });
});

afterEach(async () => {
  for (const bus of open.splice(0)) await bus.close();
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('a bus whose event topics are the event store’s log', () => {
  it('delivers every appended event to every group, in order per appeal, as a CloudEvents message', async () => {
    const bus = busOn(store);
    const routing = recorder();
    const audit = recorder();
    await bus.subscribe({ groupId: 'routing', topics: [Topics.appealEvents], handler: routing.handler });
    await bus.subscribe({ groupId: 'audit', topics: [Topics.appealEvents], handler: audit.handler });
    const a = randomUUID();
    const b = randomUUID();
    await append(a, ['AppealSubmitted', 'AppealRegistered']);
    await append(b, ['AppealSubmitted']);
    await append(a, ['AppealRouted']);
    await bus.idle!();

    for (const { received } of [routing, audit]) {
      expect(received.filter((m) => m.key === a).map((m) => fromEventMessage(m).type)).toEqual([
        'AppealSubmitted',
        'AppealRegistered',
        'AppealRouted',
      ]);
      expect(received.filter((m) => m.key === b)).toHaveLength(1);
    }
    const first = routing.received[0]!;
    expect(first.topic).toBe(Topics.appealEvents);
    expect(first.headers.ce_type).toBe('kz.appeals.AppealSubmitted.v1');
    expect(first.attempt).toBe(1);
  });

  it('resumes each group from its stored checkpoint after a restart: nothing handled twice, nothing lost', async () => {
    const first = busOn(store);
    const before = recorder();
    await first.subscribe({ groupId: 'projections', topics: [Topics.appealEvents], handler: before.handler });
    const a = randomUUID();
    await append(a, ['AppealSubmitted', 'AppealRegistered']);
    await first.idle!();
    await first.close();
    expect(await store.checkpoints.load(groupCheckpointId('projections'))).toBeDefined();

    await append(a, ['AppealRouted']); // while nobody runs
    const second = busOn(store);
    const after = recorder();
    await second.subscribe({ groupId: 'projections', topics: [Topics.appealEvents], handler: after.handler });
    await second.idle!();

    expect(typesOf(before.received)).toEqual(['AppealSubmitted', 'AppealRegistered']);
    expect(typesOf(after.received)).toEqual(['AppealRouted']);
  });

  it('starts a new group at the end of the log when fromBeginning is false', async () => {
    await append(randomUUID(), ['AppealSubmitted']);
    const bus = busOn(store);
    const late = recorder();
    await bus.subscribe({
      groupId: 'late',
      topics: [Topics.appealEvents],
      handler: late.handler,
      fromBeginning: false,
    });
    await append(randomUUID(), ['AppealRegistered']);
    await bus.idle!();
    expect(typesOf(late.received)).toEqual(['AppealRegistered']);
  });

  it('hands a batch handler one partition’s run at a time, and retries a failed batch one message at a time', async () => {
    const ids = Array.from({ length: 6 }, () => randomUUID());
    // written before the group starts, so its first read takes them all in one page
    for (const id of ids) await append(id, ['AppealSubmitted', 'AppealRegistered']);
    const bus = busOn(store);
    const batches: DeliveredMessage[][] = [];
    let failed = false;
    await bus.subscribe({
      groupId: 'batches',
      topics: [Topics.appealEvents],
      batchHandler: async (messages: DeliveredMessage[]) => {
        if (!failed && messages.length > 1) {
          failed = true;
          throw new Error('the first run fails');
        }
        batches.push(messages);
      },
    });
    await bus.idle!();

    expect(failed).toBe(true);
    for (const batch of batches) expect(new Set(batch.map((m) => m.partition)).size).toBe(1);
    const delivered = batches.flat();
    expect(delivered).toHaveLength(12);
    expect(new Set(delivered.map((m) => m.offset)).size).toBe(12);
    expect(batches.some((batch) => batch.length === 1)).toBe(true); // the failed run, redelivered singly
    for (const id of ids) {
      expect(typesOf(delivered.filter((m) => m.key === id))).toEqual(['AppealSubmitted', 'AppealRegistered']);
    }
  });

  it('dead-letters a message whose handler keeps failing and goes on with the next', async () => {
    const bus = busOn(store);
    const letters = recorder();
    await bus.subscribe({ groupId: 'dlq-reader', topics: [DEAD_LETTER_TOPIC], handler: letters.handler });
    const handled = recorder();
    const poison = randomUUID();
    await bus.subscribe({
      groupId: 'picky',
      topics: [Topics.appealEvents],
      maxAttempts: 3,
      handler: async (m) => {
        if (m.key === poison) throw new Error('cannot handle this one');
        await handled.handler(m);
      },
    });
    await append(poison, ['AppealSubmitted']);
    const fine = randomUUID();
    await append(fine, ['AppealSubmitted']);
    await bus.idle!();

    expect(handled.received.map((m) => m.key)).toEqual([fine]);
    expect(letters.received).toHaveLength(1);
    expect(letters.received[0]!.headers['x-error']).toBe('cannot handle this one');
    expect(letters.received[0]!.headers['x-attempts']).toBe('3');
  });

  it('waits in idle() for what handlers append while handling', async () => {
    const bus = busOn(store);
    const seen = recorder();
    await bus.subscribe({
      groupId: 'router',
      topics: [Topics.appealEvents],
      handler: async (m) => {
        if (fromEventMessage(m).type === 'AppealRegistered') await append(m.key, ['AppealRouted']);
      },
    });
    await bus.subscribe({ groupId: 'views', topics: [Topics.appealEvents], handler: seen.handler });
    await append(randomUUID(), ['AppealSubmitted', 'AppealRegistered']);
    await bus.idle!();
    expect(typesOf(seen.received)).toEqual(['AppealSubmitted', 'AppealRegistered', 'AppealRouted']);
  });

  it('sees appends another process made, through its poll of the store', async () => {
    const bus = busOn(store, { pollIntervalMs: 20 });
    const seen = recorder();
    await bus.subscribe({ groupId: 'views', topics: [Topics.appealEvents], handler: seen.handler });
    const other = createSqliteEventStore({ filename: join(dir, 'appeals.db') });
    try {
      const id = randomUUID();
      await other.append(`appeal-${id}`, [{ id: randomUUID(), type: 'AppealSubmitted', data: {} }], {
        expectedVersion: 'no_stream',
      });
      for (let i = 0; i < 100 && seen.received.length === 0; i++) await new Promise((r) => setTimeout(r, 10));
      expect(seen.received.map((m) => m.key)).toEqual([id]);
    } finally {
      await other.close();
    }
  });

  it('hands groups this process’s own appends from memory, without reading them back from the store', async () => {
    const bus = busOn(store);
    const a = recorder();
    const b = recorder();
    await bus.subscribe({ groupId: 'a', topics: [Topics.appealEvents], handler: a.handler });
    await bus.subscribe({ groupId: 'b', topics: [Topics.appealEvents], handler: b.handler });
    await bus.idle!();
    const readAll = jest.spyOn(store, 'readAll');
    const ids = [randomUUID(), randomUUID(), randomUUID()];
    for (const id of ids) await append(id, ['AppealSubmitted', 'AppealRegistered']);
    await bus.idle!();
    expect(a.received.map((m) => m.key)).toEqual(ids.flatMap((id) => [id, id]));
    expect(b.received.map((m) => m.offset)).toEqual(a.received.map((m) => m.offset));
    expect(readAll).not.toHaveBeenCalled();
  });

  it('reads the store again when another process appended between two of its own appends', async () => {
    const bus = busOn(store, { pollIntervalMs: 60_000 });
    const seen = recorder();
    await bus.subscribe({ groupId: 'views', topics: [Topics.appealEvents], handler: seen.handler });
    const other = createSqliteEventStore({ filename: join(dir, 'appeals.db') });
    try {
      const [mine, theirs, mineAgain] = [randomUUID(), randomUUID(), randomUUID()];
      await append(mine, ['AppealSubmitted']);
      await bus.idle!();
      await other.append(`appeal-${theirs}`, [{ id: randomUUID(), type: 'AppealSubmitted', data: {} }], {
        expectedVersion: 'no_stream',
      });
      // no poll will come: the gap in global positions is what sends the tail back to the store
      await append(mineAgain, ['AppealSubmitted']);
      await bus.idle!();
      expect(seen.received.map((m) => m.key)).toEqual([mine, theirs, mineAgain]);
    } finally {
      await other.close();
    }
  });

  it('refuses to publish to a log topic, and to a second member of one group', async () => {
    const bus = busOn(store);
    await expect(bus.publish([{ topic: Topics.appealEvents, key: 'k', value: '{}' }])).rejects.toThrow(
      /append to the store/,
    );
    await bus.subscribe({ groupId: 'one', topics: [Topics.appealEvents], handler: async () => {} });
    await expect(
      bus.subscribe({ groupId: 'one', topics: [Topics.appealEvents], handler: async () => {} }),
    ).rejects.toThrow(/already has a member/);
  });
});

// Topics that are not the log (per-agency topics, dead letters) are the side bus's: the whole contract holds there.
busContract('event-store bus (topics outside the log)', async () => {
  const s = createSqliteEventStore({ filename: ':memory:' });
  return {
    bus: createEventStoreBus({
      store: s,
      checkpoints: s.checkpoints,
      side: createInProcessBus({ retryBackoffMs: [10, 20] }),
    }),
    teardown: () => s.close(),
  };
});
