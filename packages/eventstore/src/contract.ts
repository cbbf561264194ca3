/// <reference types="jest" />
import { randomUUID } from 'node:crypto';
import {
  isConcurrencyError,
  type CheckpointStore,
  type EventStore,
  type NewEvent,
  type StoredEvent,
} from './port';
import { isDuplicateEventIdError } from './errors';
import { startSubscription, type SubscriptionErrorContext } from './subscription';
import {
  createChainSealer,
  untilReadable,
  createCheckpointSigner,
  eventHash,
  generateSigningKey,
  isSha256Hex,
  verifyLog,
  verifyStreamChain,
  verifyStreamHistory,
  type ChainStore,
} from '@appeals/chain';

/** What an adapter hands the contract for each test. */
export interface EventStoreContractContext {
  store: EventStore;
  checkpoints: CheckpointStore;
  /** where the global chain of this store's log is kept (@appeals/chain) */
  chain: ChainStore;
  /** releases everything the factory made; when absent the contract calls store.close() */
  teardown?: () => Promise<void>;
}

const uid = () => randomUUID();
const newStream = () => `contract-${uid()}`;
const newEvent = (
  type = 'ThingHappened',
  data: unknown = { n: 1 },
  extra: Partial<NewEvent> = {},
): NewEvent => ({
  id: uid(),
  type,
  data,
  ...extra,
});
const numbered = (count: number): NewEvent[] =>
  Array.from({ length: count }, (_, n) => newEvent('ThingHappened', { n }));

const deferred = <T = void>() => {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => {
    resolve = r;
  });
  return { promise, resolve };
};

const waitFor = async (condition: () => boolean, timeoutMs = 5000) => {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('waitFor: condition not met in time');
    await new Promise((r) => setTimeout(r, 5));
  }
};

/**
 * The EventStore port's contract: every adapter runs it with its own factory.
 * The factory is called before each test and may hand back a shared, non-empty store,
 * so each test uses fresh stream ids and only reads the log from its own starting point;
 * no other writer may use the store while a test runs.
 *
 * @example
 * eventStoreContract('sqlite', async () => {
 *   const store = createSqliteEventStore({ filename: ':memory:' });
 *   return { store, checkpoints: store.checkpoints };
 * });
 */
export { untilReadable };

export function eventStoreContract(name: string, factory: () => Promise<EventStoreContractContext>): void {
  describe(`EventStore contract: ${name}`, () => {
    let ctx: EventStoreContractContext;
    let store: EventStore;
    let checkpoints: CheckpointStore;
    let chain: ChainStore;

    beforeEach(async () => {
      ctx = await factory();
      store = ctx.store;
      checkpoints = ctx.checkpoints;
      chain = ctx.chain;
    });

    afterEach(async () => {
      if (ctx.teardown) await ctx.teardown();
      else await store.close();
    });

    /** Appends a marker and returns its checkpoint: the head of the log as this test starts. */
    const head = async (): Promise<string> => {
      const { events } = await store.append(newStream(), [newEvent('HeadMarked')], {
        expectedVersion: 'no_stream',
      });
      return (events[0] as StoredEvent).checkpoint;
    };

    const readable = (events: readonly StoredEvent[]) => untilReadable(store, events);

    const expectConcurrencyError = async (attempt: Promise<unknown>) => {
      const error: unknown = await attempt.then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(isConcurrencyError(error)).toBe(true);
      return error as { streamId: string; expected: unknown; actual: unknown };
    };

    describe('appending to a new stream', () => {
      it('stores the events at positions 0..n-1 with no_stream', async () => {
        const streamId = newStream();
        const events = numbered(3);
        const result = await store.append(streamId, events, { expectedVersion: 'no_stream' });

        expect(result.nextExpectedVersion).toBe(2);
        expect(result.idempotentReplay).toBe(false);
        expect(result.events.map((e) => [e.id, e.streamId, e.streamPosition])).toEqual(
          events.map((e, i) => [e.id, streamId, i]),
        );
        const globals = result.events.map((e) => e.globalPosition);
        expect(globals[0]).toBeGreaterThanOrEqual(1);
        expect([...globals].sort((a, b) => a - b)).toEqual(globals);
        expect(new Set(globals).size).toBe(3);
        result.events.forEach((e) => expect(typeof e.checkpoint).toBe('string'));
      });

      it('returns the same events readStream later returns', async () => {
        const streamId = newStream();
        const result = await store.append(streamId, numbered(2), { expectedVersion: 'no_stream' });
        expect(await store.readStream(streamId)).toEqual(result.events);
      });

      it('rejects an exact revision on a missing stream, reporting no_stream', async () => {
        const streamId = newStream();
        const error = await expectConcurrencyError(
          store.append(streamId, [newEvent()], { expectedVersion: 0 }),
        );
        expect(error).toMatchObject({ streamId, expected: 0, actual: 'no_stream' });
        expect(await store.readStream(streamId)).toEqual([]);
      });

      it('rejects stream_exists on a missing stream', async () => {
        const streamId = newStream();
        await expectConcurrencyError(
          store.append(streamId, [newEvent()], { expectedVersion: 'stream_exists' }),
        );
        expect(await store.readStream(streamId)).toEqual([]);
      });

      it('lets exactly one of two concurrent no_stream appends create the stream', async () => {
        const streamId = newStream();
        const results = await Promise.allSettled([
          store.append(streamId, [newEvent('A')], { expectedVersion: 'no_stream' }),
          store.append(streamId, [newEvent('B')], { expectedVersion: 'no_stream' }),
        ]);
        expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
        expect(await store.readStream(streamId)).toHaveLength(1);
      });

      it('reports -1 for an empty batch', async () => {
        const result = await store.append(newStream(), [], { expectedVersion: 'no_stream' });
        expect(result).toEqual({ nextExpectedVersion: -1, idempotentReplay: false, events: [] });
      });

      it('accepts any on a missing stream', async () => {
        const streamId = newStream();
        const result = await store.append(streamId, [newEvent()], { expectedVersion: 'any' });
        expect(result.nextExpectedVersion).toBe(0);
      });
    });

    describe('appending to an existing stream', () => {
      let streamId: string;
      beforeEach(async () => {
        streamId = newStream();
        await store.append(streamId, numbered(2), { expectedVersion: 'no_stream' });
      });

      it('rejects no_stream with a ConcurrencyError and appends nothing', async () => {
        const error = await expectConcurrencyError(
          store.append(streamId, [newEvent()], { expectedVersion: 'no_stream' }),
        );
        expect(error).toMatchObject({ streamId, expected: 'no_stream', actual: 1 });
        expect(await store.readStream(streamId)).toHaveLength(2);
      });

      it('appends when the expected revision matches the last position', async () => {
        const result = await store.append(streamId, numbered(2), { expectedVersion: 1 });
        expect(result.nextExpectedVersion).toBe(3);
        expect(result.events.map((e) => e.streamPosition)).toEqual([2, 3]);
      });

      it.each([0, 2, 7])(
        'rejects expected revision %i when the stream is at 1 and appends nothing',
        async (expected) => {
          const error = await expectConcurrencyError(
            store.append(streamId, [newEvent()], { expectedVersion: expected }),
          );
          expect(error).toMatchObject({ streamId, expected, actual: 1 });
          expect(await store.readStream(streamId)).toHaveLength(2);
        },
      );

      it('accepts stream_exists', async () => {
        const result = await store.append(streamId, [newEvent()], { expectedVersion: 'stream_exists' });
        expect(result.nextExpectedVersion).toBe(2);
      });

      it('accepts any', async () => {
        const result = await store.append(streamId, [newEvent()], { expectedVersion: 'any' });
        expect(result.nextExpectedVersion).toBe(2);
      });

      it('lets exactly one of two concurrent appends with the same expected revision win', async () => {
        const [a, b] = [newEvent('A'), newEvent('B')];
        const results = await Promise.allSettled([
          store.append(streamId, [a], { expectedVersion: 1 }),
          store.append(streamId, [b], { expectedVersion: 1 }),
        ]);

        const won = results.filter((r) => r.status === 'fulfilled');
        const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
        expect(won).toHaveLength(1);
        expect(lost).toHaveLength(1);
        expect(isConcurrencyError(lost[0]?.reason)).toBe(true);
        const stream = await store.readStream(streamId);
        expect(stream).toHaveLength(3);
        expect([a.id, b.id]).toContain(stream[2]?.id);
      });

      it('returns the current revision and writes nothing for an empty batch', async () => {
        const result = await store.append(streamId, [], { expectedVersion: 1 });
        expect(result).toEqual({ nextExpectedVersion: 1, idempotentReplay: false, events: [] });
        await expectConcurrencyError(store.append(streamId, [], { expectedVersion: 0 }));
        expect(await store.readStream(streamId)).toHaveLength(2);
      });
    });

    describe('malformed appends', () => {
      it.each([-1, 1.5, Number.NaN, 'latest'])(
        'rejects the expected version %p without a ConcurrencyError',
        async (expected) => {
          const error: unknown = await store
            .append(newStream(), [newEvent()], { expectedVersion: expected as number })
            .then(
              () => undefined,
              (e: unknown) => e,
            );
          expect(error).toBeInstanceOf(Error);
          expect(isConcurrencyError(error)).toBe(false);
        },
      );
    });

    describe('idempotent appends', () => {
      it('replays an append of the same event ids without writing anything', async () => {
        const streamId = newStream();
        const from = await head();
        const events = numbered(2);
        const first = await store.append(streamId, events, { expectedVersion: 'no_stream' });
        const again = await store.append(streamId, events, { expectedVersion: 'any' });

        expect(again.idempotentReplay).toBe(true);
        expect(again.nextExpectedVersion).toBe(first.nextExpectedVersion);
        expect(again.events).toEqual(first.events);
        expect(await store.readStream(streamId)).toHaveLength(2);
        await readable(first.events);
        expect((await store.readAll({ after: from })).filter((e) => e.streamId === streamId)).toHaveLength(2);
      });

      // A writer that crashed after commit retries with its original expectation, which is now stale.
      it('replays even when the retry still says no_stream', async () => {
        const streamId = newStream();
        const events = numbered(2);
        const first = await store.append(streamId, events, { expectedVersion: 'no_stream' });
        const again = await store.append(streamId, events, { expectedVersion: 'no_stream' });

        expect(again).toEqual({ ...first, idempotentReplay: true });
        expect(await store.readStream(streamId)).toHaveLength(2);
      });

      it('answers a late retry with the original revision, not the stream head', async () => {
        const streamId = newStream();
        const events = numbered(2);
        await store.append(streamId, events, { expectedVersion: 'no_stream' });
        await store.append(streamId, numbered(3), { expectedVersion: 1 });

        const again = await store.append(streamId, events, { expectedVersion: 'no_stream' });
        expect(again.idempotentReplay).toBe(true);
        expect(again.nextExpectedVersion).toBe(1);
        expect(await store.readStream(streamId)).toHaveLength(5);
      });

      it('does not notify listeners of a replay', async () => {
        const streamId = newStream();
        const events = numbered(1);
        await store.append(streamId, events, { expectedVersion: 'no_stream' });
        const listener = jest.fn();
        const unsubscribe = store.onAppended(listener);
        await store.append(streamId, events, { expectedVersion: 'no_stream' });
        unsubscribe();
        expect(listener).not.toHaveBeenCalled();
      });

      it('rejects a batch in which only some ids are already stored and appends nothing', async () => {
        const streamId = newStream();
        const [a, b] = numbered(2) as [NewEvent, NewEvent];
        await store.append(streamId, [a], { expectedVersion: 'no_stream' });
        const error: unknown = await store.append(streamId, [a, b], { expectedVersion: 'any' }).then(
          () => undefined,
          (e: unknown) => e,
        );
        expect(isDuplicateEventIdError(error)).toBe(true);
        expect(await store.readStream(streamId)).toHaveLength(1);
      });

      it('rejects reusing an event id in another stream', async () => {
        const event = newEvent();
        await store.append(newStream(), [event], { expectedVersion: 'no_stream' });
        const other = newStream();
        const error: unknown = await store.append(other, [event], { expectedVersion: 'no_stream' }).then(
          () => undefined,
          (e: unknown) => e,
        );
        expect(isDuplicateEventIdError(error)).toBe(true);
        expect(await store.readStream(other)).toEqual([]);
      });

      it('rejects the same id twice in one batch', async () => {
        const streamId = newStream();
        const event = newEvent();
        const error: unknown = await store
          .append(streamId, [event, event], { expectedVersion: 'no_stream' })
          .then(
            () => undefined,
            (e: unknown) => e,
          );
        expect(isDuplicateEventIdError(error)).toBe(true);
        expect(await store.readStream(streamId)).toEqual([]);
      });
    });

    describe('readStream', () => {
      let streamId: string;
      let ids: string[];
      beforeEach(async () => {
        streamId = newStream();
        const events = numbered(5);
        ids = events.map((e) => e.id);
        await store.append(streamId, events.slice(0, 2), { expectedVersion: 'no_stream' });
        await store.append(newStream(), numbered(1), { expectedVersion: 'no_stream' });
        await store.append(streamId, events.slice(2), { expectedVersion: 1 });
      });

      it('returns the stream in position order', async () => {
        const stream = await store.readStream(streamId);
        expect(stream.map((e) => e.id)).toEqual(ids);
        expect(stream.map((e) => e.streamPosition)).toEqual([0, 1, 2, 3, 4]);
      });

      it('starts at fromPosition', async () => {
        expect((await store.readStream(streamId, { fromPosition: 3 })).map((e) => e.streamPosition)).toEqual([
          3, 4,
        ]);
      });

      it('returns at most maxCount events', async () => {
        expect((await store.readStream(streamId, { maxCount: 2 })).map((e) => e.streamPosition)).toEqual([
          0, 1,
        ]);
        expect(
          (await store.readStream(streamId, { fromPosition: 1, maxCount: 3 })).map((e) => e.streamPosition),
        ).toEqual([1, 2, 3]);
      });

      it('returns nothing past the end', async () => {
        expect(await store.readStream(streamId, { fromPosition: 5 })).toEqual([]);
      });

      it('returns [] for a stream that does not exist', async () => {
        expect(await store.readStream(newStream())).toEqual([]);
      });
    });

    describe('readAll', () => {
      it("tells the head position (when it can) without reading the log: the last event's global position", async () => {
        if (!store.headPosition) return; // an adapter whose positions are no count leaves it out
        const before = await store.headPosition();
        expect(before).toBeGreaterThanOrEqual(0);
        const { events } = await store.append(newStream(), numbered(3), { expectedVersion: 'no_stream' });
        expect(await store.headPosition()).toBe(events.at(-1)!.globalPosition);
        expect(events.at(-1)!.globalPosition).toBeGreaterThanOrEqual(before + 3);
      });

      it('returns events of all streams in commit order', async () => {
        const from = await head();
        const [s1, s2] = [newStream(), newStream()];
        const a = await store.append(s1, numbered(2), { expectedVersion: 'no_stream' });
        const b = await store.append(s2, numbered(1), { expectedVersion: 'no_stream' });
        const c = await store.append(s1, numbered(1), { expectedVersion: 1 });
        await readable(c.events);

        const all = await store.readAll({ after: from });
        expect(all.map((e) => e.id)).toEqual([...a.events, ...b.events, ...c.events].map((e) => e.id));
        const globals = all.map((e) => e.globalPosition);
        globals.slice(1).forEach((g, i) => expect(g).toBeGreaterThan(globals[i] as number));
      });

      it('includes the first events when read from the start', async () => {
        const streamId = newStream();
        await readable((await store.append(streamId, numbered(2), { expectedVersion: 'no_stream' })).events);
        const all = await store.readAll();
        expect(all.filter((e) => e.streamId === streamId)).toHaveLength(2);
        expect(all[0]?.globalPosition).toBeGreaterThanOrEqual(1);
      });

      it('resumes exactly after a checkpoint', async () => {
        const from = await head();
        const { events } = await store.append(newStream(), numbered(4), { expectedVersion: 'no_stream' });
        await readable(events);
        const rest = await store.readAll({ after: events[1]?.checkpoint });
        expect(rest.map((e) => e.id)).toEqual(events.slice(2).map((e) => e.id));
        expect((await store.readAll({ after: from })).map((e) => e.id)).toEqual(events.map((e) => e.id));
      });

      it('returns at most limit events, and paging by checkpoint visits every event once', async () => {
        const from = await head();
        const { events } = await store.append(newStream(), numbered(5), { expectedVersion: 'no_stream' });
        await readable(events);

        const first = await store.readAll({ after: from, limit: 2 });
        expect(first.map((e) => e.id)).toEqual(events.slice(0, 2).map((e) => e.id));
        const seen: string[] = [];
        let after: string | undefined = from;
        for (;;) {
          const page: StoredEvent[] = await store.readAll({ after, limit: 2 });
          if (page.length === 0) break;
          seen.push(...page.map((e) => e.id));
          after = page[page.length - 1]?.checkpoint;
        }
        expect(seen).toEqual(events.map((e) => e.id));
      });

      it('returns [] after the last event', async () => {
        expect(await store.readAll({ after: await head() })).toEqual([]);
      });

      it('agrees with readStream on every field', async () => {
        const from = await head();
        const streamId = newStream();
        await readable((await store.append(streamId, numbered(2), { expectedVersion: 'no_stream' })).events);
        expect(await store.readAll({ after: from })).toEqual(await store.readStream(streamId));
      });
    });

    describe('event content', () => {
      it('round-trips nested data and unicode text', async () => {
        const data = {
          subject: 'Жол жөндеу туралы өтініш',
          text: 'Прошу отремонтировать дорогу на улице Абая — ямы 30 см. Рахмет! 🙏',
          applicant: { name: 'Әлия Нұрланқызы', address: { kato: '751110000', street: 'Абай даңғылы, 10' } },
          tags: ['жол', 'дорога', 1, true, null, { deep: [[1, 2], { x: 'ү ұ қ ғ ң ө һ і ә' }] }],
          amount: 12.5,
          zero: 0,
          empty: {},
        };
        const streamId = newStream();
        const { events } = await store.append(streamId, [newEvent('AppealSubmitted', data)], {
          expectedVersion: 'no_stream',
        });
        expect(events[0]?.data).toEqual(data);
        expect((await store.readStream(streamId))[0]?.data).toEqual(data);
      });

      it('round-trips scalar data', async () => {
        const streamId = newStream();
        await store.append(
          streamId,
          [newEvent('A', 'text'), newEvent('B', 42), newEvent('C', null), newEvent('D', [1, 'два'])],
          {
            expectedVersion: 'no_stream',
          },
        );
        expect((await store.readStream(streamId)).map((e) => e.data)).toEqual(['text', 42, null, [1, 'два']]);
      });

      it('round-trips metadata', async () => {
        const metadata = {
          actor: { id: 'officer-1', role: 'executor', agencyId: 'akimat-almaty' },
          causationId: uid(),
          correlationId: uid(),
          traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
          service: 'intake',
          note: 'Өтініш қабылданды / Обращение принято',
          nested: { list: [1, { a: 'b' }] },
        };
        const streamId = newStream();
        await store.append(streamId, [newEvent('A', {}, { metadata })], { expectedVersion: 'no_stream' });
        expect((await store.readStream(streamId))[0]?.metadata).toEqual(metadata);
      });

      it('stores {} when no metadata is given', async () => {
        const streamId = newStream();
        await store.append(streamId, [newEvent()], { expectedVersion: 'no_stream' });
        expect((await store.readStream(streamId))[0]?.metadata).toEqual({});
      });

      it('keeps the given time exactly', async () => {
        const streamId = newStream();
        const time = '2024-03-15T09:30:00.123+05:00';
        await store.append(streamId, [newEvent('A', {}, { time })], { expectedVersion: 'no_stream' });
        expect((await store.readStream(streamId))[0]?.time).toBe(time);
      });

      it('stamps the store clock as an ISO time when none is given', async () => {
        const before = Date.now();
        const streamId = newStream();
        await store.append(streamId, [newEvent()], { expectedVersion: 'no_stream' });
        const time = (await store.readStream(streamId))[0]?.time as string;
        expect(new Date(time).toISOString()).toBe(time);
        expect(Date.parse(time)).toBeGreaterThanOrEqual(before - 1000);
        expect(Date.parse(time)).toBeLessThanOrEqual(Date.now() + 1000);
      });

      it('stamps every event of one append with one time: an append happens at one moment', async () => {
        const streamId = newStream();
        // payloads big enough that serialising them takes longer than a clock tick between two events
        const big = { text: 'обращение '.repeat(20_000) };
        const events = Array.from({ length: 20 }, () => newEvent('Big', big));
        await store.append(streamId, events, { expectedVersion: 'no_stream' });
        const times = new Set((await store.readStream(streamId)).map((e) => e.time));
        expect(times.size).toBe(1);
      });

      it('keeps history apart from the objects the caller appended and read', async () => {
        const streamId = newStream();
        const data = { list: ['a'] };
        await store.append(streamId, [newEvent('A', data)], { expectedVersion: 'no_stream' });
        data.list.push('changed after append');
        const read = await store.readStream(streamId);
        (read[0]?.data as { list: string[] }).list.push('changed after read');
        expect((await store.readStream(streamId))[0]?.data).toEqual({ list: ['a'] });
      });
    });

    describe('onAppended', () => {
      it('calls listeners after each committed append until they unsubscribe', async () => {
        const streamId = newStream();
        const seen: number[] = [];
        const unsubscribe = store.onAppended(() => {
          void store.readStream(streamId).then((s) => seen.push(s.length));
        });
        await store.append(streamId, numbered(2), { expectedVersion: 'no_stream' });
        await waitFor(() => seen.length === 1);
        expect(seen).toEqual([2]);

        unsubscribe();
        await store.append(streamId, numbered(1), { expectedVersion: 1 });
        await new Promise((r) => setTimeout(r, 20));
        expect(seen).toEqual([2]);
      });

      it('passes the appended events, as append answered them, or nothing', async () => {
        const streamId = newStream();
        const told: Array<readonly StoredEvent[] | undefined> = [];
        const unsubscribe = store.onAppended((appended) => told.push(appended));
        const result = await store.append(streamId, numbered(2), { expectedVersion: 'no_stream' });
        await waitFor(() => told.length > 0);
        unsubscribe();
        for (const appended of told) {
          if (appended === undefined) continue;
          expect(appended.map((e) => [e.id, e.globalPosition, e.checkpoint])).toEqual(
            result.events.map((e) => [e.id, e.globalPosition, e.checkpoint]),
          );
        }
      });

      it('does not call listeners when an append is rejected', async () => {
        const streamId = newStream();
        await store.append(streamId, numbered(1), { expectedVersion: 'no_stream' });
        const listener = jest.fn();
        const unsubscribe = store.onAppended(listener);
        await expectConcurrencyError(store.append(streamId, numbered(1), { expectedVersion: 'no_stream' }));
        unsubscribe();
        expect(listener).not.toHaveBeenCalled();
      });

      it('still commits when a listener throws', async () => {
        const streamId = newStream();
        const unsubscribe = store.onAppended(() => {
          throw new Error('listener failed');
        });
        const result = await store.append(streamId, numbered(1), { expectedVersion: 'no_stream' });
        unsubscribe();
        expect(result.nextExpectedVersion).toBe(0);
        expect(await store.readStream(streamId)).toHaveLength(1);
      });
    });

    describe('checkpoints', () => {
      it('loads undefined for a subscription that never saved', async () => {
        expect(await checkpoints.load(`sub-${uid()}`)).toBeUndefined();
      });

      it('loads what was saved, and the latest save wins', async () => {
        const id = `sub-${uid()}`;
        const { events } = await store.append(newStream(), numbered(2), { expectedVersion: 'no_stream' });
        await checkpoints.save(id, events[0]?.checkpoint as string);
        expect(await checkpoints.load(id)).toBe(events[0]?.checkpoint);
        await checkpoints.save(id, events[1]?.checkpoint as string);
        expect(await checkpoints.load(id)).toBe(events[1]?.checkpoint);
      });

      it('keeps subscriptions apart', async () => {
        const [a, b] = [`sub-${uid()}`, `sub-${uid()}`];
        await checkpoints.save(a, '1');
        await checkpoints.save(b, '2');
        expect([await checkpoints.load(a), await checkpoints.load(b)]).toEqual(['1', '2']);
      });
    });

    describe('subscriptions', () => {
      const quiet = { onError: () => {}, retry: { initialDelayMs: 5, maxDelayMs: 20 } };

      /** A subscription id whose stored checkpoint is the current head, so earlier tests' events are not replayed. */
      const subscriptionAtHead = async () => {
        const subscriptionId = `sub-${uid()}`;
        await checkpoints.save(subscriptionId, await head());
        return subscriptionId;
      };

      it('hands over events in order, one at a time, and checkpoints the last one', async () => {
        const subscriptionId = await subscriptionAtHead();
        const [s1, s2] = [newStream(), newStream()];
        const a = await store.append(s1, numbered(3), { expectedVersion: 'no_stream' });
        const b = await store.append(s2, numbered(2), { expectedVersion: 'no_stream' });
        await readable(b.events);
        const handled: string[] = [];
        let inFlight = 0;
        let maxInFlight = 0;
        const sub = startSubscription({
          store,
          checkpoints,
          subscriptionId,
          batchSize: 2,
          ...quiet,
          handler: async (e) => {
            maxInFlight = Math.max(maxInFlight, ++inFlight);
            await new Promise((r) => setTimeout(r, 1));
            handled.push(e.id);
            inFlight--;
          },
        });
        await sub.caughtUp();
        await sub.stop();

        expect(handled).toEqual([...a.events, ...b.events].map((e) => e.id));
        expect(maxInFlight).toBe(1);
        expect(await checkpoints.load(subscriptionId)).toBe(b.events[1]?.checkpoint);
      });

      it('resumes from its stored checkpoint after stop and start without replaying handled events', async () => {
        const subscriptionId = await subscriptionAtHead();
        const streamId = newStream();
        const handled: string[] = [];
        const handler = (e: StoredEvent) => {
          handled.push(e.id);
        };
        const first = await store.append(streamId, numbered(3), { expectedVersion: 'no_stream' });
        await readable(first.events);
        const run1 = startSubscription({ store, checkpoints, subscriptionId, handler, ...quiet });
        await run1.caughtUp();
        await run1.stop();
        expect(handled).toEqual(first.events.map((e) => e.id));

        const second = await store.append(streamId, numbered(2), { expectedVersion: 2 });
        await readable(second.events);
        const run2 = startSubscription({ store, checkpoints, subscriptionId, handler, ...quiet });
        await run2.caughtUp();
        await run2.stop();
        expect(handled).toEqual([...first.events, ...second.events].map((e) => e.id));
      });

      it('retries a failing handler on the same event and never skips it', async () => {
        const subscriptionId = await subscriptionAtHead();
        const { events } = await store.append(newStream(), numbered(3), { expectedVersion: 'no_stream' });
        await readable(events);
        const poison = events[1] as StoredEvent;
        const handled: string[] = [];
        const errors: SubscriptionErrorContext[] = [];
        const checkpointsWhileFailing: Array<string | undefined> = [];
        let failuresLeft = 3;
        const sub = startSubscription({
          store,
          checkpoints,
          subscriptionId,
          retry: { initialDelayMs: 5, maxDelayMs: 20 },
          onError: (_error, context) => {
            errors.push(context);
          },
          handler: async (e) => {
            if (e.id === poison.id && failuresLeft-- > 0) {
              checkpointsWhileFailing.push(await checkpoints.load(subscriptionId));
              throw new Error('downstream unavailable');
            }
            handled.push(e.id);
          },
        });
        await sub.caughtUp();
        await sub.stop();

        expect(handled).toEqual(events.map((e) => e.id));
        expect(errors.map((c) => [c.phase, c.attempt, c.event?.id])).toEqual([
          ['handle', 1, poison.id],
          ['handle', 2, poison.id],
          ['handle', 3, poison.id],
        ]);
        // at-least-once: while the poison event fails, the checkpoint still points at its predecessor
        expect(new Set(checkpointsWhileFailing)).toEqual(new Set([events[0]?.checkpoint]));
        expect(await checkpoints.load(subscriptionId)).toBe(events[2]?.checkpoint);
      });

      it('wakes on append without waiting for the poll interval', async () => {
        const subscriptionId = await subscriptionAtHead();
        const arrived = deferred<string>();
        const sub = startSubscription({
          store,
          checkpoints,
          subscriptionId,
          pollIntervalMs: 60_000,
          ...quiet,
          handler: (e) => arrived.resolve(e.id),
        });
        await sub.caughtUp();
        const { events } = await store.append(newStream(), numbered(1), { expectedVersion: 'no_stream' });
        let timer: ReturnType<typeof setTimeout> | undefined;
        const timeout = new Promise<string>((r) => {
          timer = setTimeout(() => r('timed out'), 2000);
        });
        const first = await Promise.race([arrived.promise, timeout]);
        clearTimeout(timer);
        await sub.stop();
        expect(first).toBe(events[0]?.id);
      });

      it('stop waits for the in-flight handler and keeps its checkpoint', async () => {
        const subscriptionId = await subscriptionAtHead();
        const { events } = await store.append(newStream(), numbered(2), { expectedVersion: 'no_stream' });
        const started = deferred();
        const release = deferred();
        const handled: string[] = [];
        const sub = startSubscription({
          store,
          checkpoints,
          subscriptionId,
          ...quiet,
          handler: async (e) => {
            started.resolve();
            await release.promise;
            handled.push(e.id);
          },
        });
        await started.promise;
        let stopped = false;
        const stopping = sub.stop().then(() => {
          stopped = true;
        });
        await new Promise((r) => setTimeout(r, 20));
        expect(stopped).toBe(false);

        release.resolve();
        await stopping;
        expect(handled).toEqual([events[0]?.id]);
        expect(await checkpoints.load(subscriptionId)).toBe(events[0]?.checkpoint);
      });
    });

    describe('tamper-evident chain', () => {
      // one key for the file: a shared store keeps the checkpoints of earlier tests
      const signer = createCheckpointSigner(generateSigningKey().privateKeyPem);

      it('hashes each event over its canonical encoding and links it to its stream predecessor', async () => {
        const streamId = newStream();
        const first = await store.append(streamId, numbered(2), { expectedVersion: 'no_stream' });
        const second = await store.append(streamId, [newEvent('ThingChanged', { z: 1, a: [1, 'two'] })], {
          expectedVersion: 1,
        });
        const events = [...first.events, ...second.events];
        expect(events[0]?.prevStreamHash).toBeNull();
        events.forEach((e, i) => {
          expect(isSha256Hex(e.hash)).toBe(true);
          expect(e.hash).toBe(eventHash(e));
          if (i > 0) expect(e.prevStreamHash).toBe(events[i - 1]?.hash);
        });
        expect(await store.readStream(streamId)).toEqual(events);
        expect(verifyStreamChain(await store.readStream(streamId))).toEqual({ ok: true, events: 3 });
      });

      it('covers metadata and the caller-given time, whatever the key order of the data', async () => {
        const streamId = newStream();
        const metadata = { actor: { id: 'u-1', role: 'head', agencyId: 'a-1' }, service: 'response' };
        const { events } = await store.append(
          streamId,
          [
            newEvent(
              'ThingHappened',
              { b: 2, a: { d: 4, c: 3 } },
              { metadata, time: '2026-03-02T10:00:00+05:00' },
            ),
          ],
          { expectedVersion: 'no_stream' },
        );
        const stored = events[0] as StoredEvent;
        expect(stored.hash).toBe(eventHash({ ...stored, data: { a: { c: 3, d: 4 }, b: 2 } }));
        expect(stored.hash).not.toBe(eventHash({ ...stored, metadata: { ...metadata, service: 'intake' } }));
        expect(stored.hash).not.toBe(eventHash({ ...stored, time: '2026-03-02T05:00:00.000Z' }));
      });

      it('keeps one stream chain across streams interleaved in the global log', async () => {
        const a = newStream();
        const b = newStream();
        await store.append(a, [newEvent()], { expectedVersion: 'no_stream' });
        await store.append(b, [newEvent()], { expectedVersion: 'no_stream' });
        await store.append(a, [newEvent()], { expectedVersion: 0 });
        const [a0, a1] = await store.readStream(a);
        expect(a1?.prevStreamHash).toBe(a0?.hash);
        expect((await store.readStream(b))[0]?.prevStreamHash).toBeNull();
      });

      it('answers an idempotent replay with the hashes first stored', async () => {
        const streamId = newStream();
        const events = numbered(2);
        const first = await store.append(streamId, events, { expectedVersion: 'no_stream' });
        const replay = await store.append(streamId, events, { expectedVersion: 'no_stream' });
        expect(replay.events.map((e) => [e.prevStreamHash, e.hash])).toEqual(
          first.events.map((e) => [e.prevStreamHash, e.hash]),
        );
      });

      it('seals the log into the global chain, signs its head, and verifies stream and log', async () => {
        const streamId = newStream();
        await readable((await store.append(streamId, numbered(3), { expectedVersion: 'no_stream' })).events);
        const sealer = createChainSealer({ store, chain, signer });
        await sealer.sealNow({ checkpoint: true });

        const head = await chain.head();
        const [last] = (await store.readAll({ after: undefined })).slice(-1);
        expect(head?.eventId).toBe(last?.id);
        expect(await chain.lastCheckpoint()).toMatchObject({ seq: head?.seq, chainHash: head?.chainHash });
        const links = await chain.linksOfStream(streamId);
        const events = await store.readStream(streamId);
        expect(links.map((l) => [l.eventId, l.eventHash])).toEqual(events.map((e) => [e.id, e.hash]));
        expect(await verifyStreamHistory(store, chain, streamId)).toEqual({ ok: true, events: 3, sealed: 3 });

        const report = await verifyLog({ store, chain, publicKeys: [signer.publicKey] });
        expect(report).toMatchObject({ ok: true, unsealed: 0 });
        expect(report.sealed).toBe(head?.seq);
        expect(report.signedHead?.seq).toBe(head?.seq);
      });

      it('lets two sealers race without a gap or a duplicate link', async () => {
        await readable(
          (await store.append(newStream(), numbered(5), { expectedVersion: 'no_stream' })).events,
        );
        const one = createChainSealer({ store, chain, batchSize: 2 });
        const two = createChainSealer({ store, chain, batchSize: 3 });
        await Promise.all([one.sealNow(), two.sealNow()]);
        const head = await chain.head();
        const all = await chain.links({ afterSeq: 0, limit: Number.MAX_SAFE_INTEGER });
        expect(all.map((l) => l.seq)).toEqual(all.map((_, i) => i + 1));
        expect(head?.seq).toBe(all.length);
        expect(new Set(all.map((l) => l.eventId)).size).toBe(all.length);
        expect((await verifyLog({ store, chain, publicKeys: [signer.publicKey] })).ok).toBe(true);
        // On the server every suite of a CI run shares, this test hung three times (20 s, 20 s, 60 s) while the rest
        // of its file took 1 s. A sealer that keeps losing now gives up after 64 conflicts (about 8 s) and says
        // why, and an event linked twice is an error rather than a race retried for ever.
      }, 30_000);
    });
  });
}
