import { createInMemoryCheckpointStore, createInMemoryEventStore } from './inMemoryEventStore';
import type { CheckpointStore, EventStore, NewEvent } from './port';
import { startSubscription, type SubscriptionErrorContext } from './subscription';

const event = (n: number): NewEvent => ({
  id: `e-${n}-${Math.random()}`,
  type: 'ThingHappened',
  data: { n },
});

describe('startSubscription', () => {
  let store: EventStore;
  let checkpoints: CheckpointStore;
  beforeEach(() => {
    store = createInMemoryEventStore();
    checkpoints = createInMemoryCheckpointStore();
  });
  afterEach(() => store.close());

  describe('when the log is empty', () => {
    it('is caught up at once and saves no checkpoint', async () => {
      const sub = startSubscription({ store, checkpoints, subscriptionId: 's', handler: () => {} });
      await sub.caughtUp();
      await sub.stop();
      expect(await checkpoints.load('s')).toBeUndefined();
    });
  });

  describe('when events keep arriving', () => {
    it('catches up with everything appended before caughtUp was called', async () => {
      const handled: number[] = [];
      const sub = startSubscription({
        store,
        checkpoints,
        subscriptionId: 's',
        batchSize: 3,
        pollIntervalMs: 60_000,
        handler: (e) => {
          handled.push((e.data as { n: number }).n);
        },
      });
      for (let n = 0; n < 10; n++) await store.append('s-1', [event(n)], { expectedVersion: 'any' });
      await sub.caughtUp();
      expect(handled).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
      await store.append('s-1', [event(10)], { expectedVersion: 'any' });
      await sub.caughtUp();
      expect(handled).toHaveLength(11);
      await sub.stop();
    });

    it('finds events by polling when no append signal arrives', async () => {
      // A store whose onAppended never fires stands in for writers in another process.
      const silent: EventStore = { ...store, onAppended: () => () => {} };
      const handled: string[] = [];
      const sub = startSubscription({
        store: silent,
        checkpoints,
        subscriptionId: 's',
        pollIntervalMs: 10,
        handler: (e) => void handled.push(e.id),
      });
      await sub.caughtUp();
      const { events } = await store.append('s-1', [event(1)], { expectedVersion: 'no_stream' });
      const deadline = Date.now() + 2000;
      while (handled.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
      expect(handled).toEqual([events[0]?.id]);
      await sub.stop();
    });
  });

  describe('with a batch handler', () => {
    it('hands over each page in order and saves one checkpoint per page', async () => {
      for (let n = 0; n < 7; n++) await store.append('s-1', [event(n)], { expectedVersion: 'any' });
      const pages: number[][] = [];
      const saved: string[] = [];
      const counting: CheckpointStore = {
        load: (id) => checkpoints.load(id),
        save: async (id, cp) => {
          saved.push(cp);
          await checkpoints.save(id, cp);
        },
      };
      const sub = startSubscription({
        store,
        checkpoints: counting,
        subscriptionId: 's',
        batchSize: 3,
        batchHandler: (events) => void pages.push(events.map((e) => (e.data as { n: number }).n)),
      });
      await sub.caughtUp();
      await sub.stop();
      expect(pages).toEqual([[0, 1, 2], [3, 4, 5], [6]]);
      expect(saved).toEqual(['3', '6', '7']);
    });

    it('hands a failed page over again, whole, and moves the checkpoint only after it succeeded', async () => {
      for (let n = 0; n < 3; n++) await store.append('s-1', [event(n)], { expectedVersion: 'any' });
      const pages: number[][] = [];
      const sub = startSubscription({
        store,
        checkpoints,
        subscriptionId: 's',
        retry: { initialDelayMs: 1 },
        onError: () => undefined,
        batchHandler: async (events) => {
          pages.push(events.map((e) => (e.data as { n: number }).n));
          if (pages.length === 1) {
            expect(await checkpoints.load('s')).toBeUndefined();
            throw new Error('broker away');
          }
        },
      });
      await sub.caughtUp();
      await sub.stop();
      expect(pages).toEqual([
        [0, 1, 2],
        [0, 1, 2],
      ]);
      expect(await checkpoints.load('s')).toBe('3');
    });

    it('refuses both or neither of handler and batchHandler', () => {
      expect(() => startSubscription({ store, checkpoints, subscriptionId: 's' })).toThrow(TypeError);
      expect(() =>
        startSubscription({
          store,
          checkpoints,
          subscriptionId: 's',
          handler: () => {},
          batchHandler: () => {},
        }),
      ).toThrow(TypeError);
    });
  });

  describe('when a step keeps failing', () => {
    it('backs off exponentially up to the maximum', async () => {
      await store.append('s-1', [event(1)], { expectedVersion: 'no_stream' });
      const delays: number[] = [];
      const sub = startSubscription({
        store,
        checkpoints,
        subscriptionId: 's',
        retry: { initialDelayMs: 1, maxDelayMs: 8 },
        onError: (_e, c) => void delays.push(c.retryInMs),
        handler: () => {
          if (delays.length < 6) throw new Error('not yet');
        },
      });
      await sub.caughtUp();
      await sub.stop();
      expect(delays).toEqual([1, 2, 4, 8, 8, 8]);
    });

    it('retries a failed checkpoint save without handling the event again', async () => {
      await store.append('s-1', [event(1)], { expectedVersion: 'no_stream' });
      let saveFailures = 2;
      const flaky: CheckpointStore = {
        load: (id) => checkpoints.load(id),
        save: async (id, cp) => {
          if (saveFailures-- > 0) throw new Error('disk full');
          await checkpoints.save(id, cp);
        },
      };
      const phases: SubscriptionErrorContext['phase'][] = [];
      const handler = jest.fn();
      const sub = startSubscription({
        store,
        checkpoints: flaky,
        subscriptionId: 's',
        retry: { initialDelayMs: 1 },
        onError: (_e, c) => void phases.push(c.phase),
        handler,
      });
      await sub.caughtUp();
      await sub.stop();
      expect(handler).toHaveBeenCalledTimes(1);
      expect(phases).toEqual(['save', 'save']);
      expect(await checkpoints.load('s')).toBe('1');
    });

    it('retries reading and loading too', async () => {
      let loadFailures = 1;
      let readFailures = 1;
      const flakyStore: EventStore = {
        ...store,
        readAll: async (o) => {
          if (readFailures-- > 0) throw new Error('locked');
          return store.readAll(o);
        },
      };
      const flakyCheckpoints: CheckpointStore = {
        ...checkpoints,
        load: async (id) => {
          if (loadFailures-- > 0) throw new Error('locked');
          return checkpoints.load(id);
        },
      };
      await store.append('s-1', [event(1)], { expectedVersion: 'no_stream' });
      const phases: string[] = [];
      const handler = jest.fn();
      const sub = startSubscription({
        store: flakyStore,
        checkpoints: flakyCheckpoints,
        subscriptionId: 's',
        retry: { initialDelayMs: 1 },
        onError: (_e, c) => void phases.push(c.phase),
        handler,
      });
      await sub.caughtUp();
      await sub.stop();
      expect(phases).toEqual(['load', 'read']);
      expect(handler).toHaveBeenCalledTimes(1);
    });

    it('keeps going when onError itself throws', async () => {
      await store.append('s-1', [event(1)], { expectedVersion: 'no_stream' });
      let failures = 1;
      const handler = jest.fn(() => {
        if (failures-- > 0) throw new Error('once');
      });
      const sub = startSubscription({
        store,
        checkpoints,
        subscriptionId: 's',
        retry: { initialDelayMs: 1 },
        onError: () => {
          throw new Error('logger down');
        },
        handler,
      });
      await sub.caughtUp();
      await sub.stop();
      expect(handler).toHaveBeenCalledTimes(2);
    });

    it('stops promptly during a long backoff, leaving the checkpoint before the failing event', async () => {
      await store.append('s-1', [event(1)], { expectedVersion: 'no_stream' });
      let stopLater = (): Promise<void> => Promise.resolve();
      const failed = new Promise<void>((resolve) => {
        const sub = startSubscription({
          store,
          checkpoints,
          subscriptionId: 's',
          retry: { initialDelayMs: 60_000 },
          onError: () => resolve(),
          handler: () => {
            throw new Error('always');
          },
        });
        stopLater = () => sub.stop();
      });
      await failed;
      const startedAt = Date.now();
      await stopLater();
      expect(Date.now() - startedAt).toBeLessThan(1000);
      expect(await checkpoints.load('s')).toBeUndefined();
    });
  });

  describe('when stopped', () => {
    it('rejects caughtUp, both pending and new calls', async () => {
      const sub = startSubscription({
        store,
        checkpoints,
        subscriptionId: 's',
        retry: { initialDelayMs: 60_000 },
        onError: () => {},
        handler: () => {
          throw new Error('always');
        },
      });
      await store.append('s-1', [event(1)], { expectedVersion: 'no_stream' });
      const pending = sub.caughtUp();
      await sub.stop();
      await expect(pending).rejects.toThrow(/stopped/);
      await expect(sub.caughtUp()).rejects.toThrow(/stopped/);
    });

    it('can be stopped twice', async () => {
      const sub = startSubscription({ store, checkpoints, subscriptionId: 's', handler: () => {} });
      await Promise.all([sub.stop(), sub.stop()]);
    });

    it('no longer listens for appends', async () => {
      const handler = jest.fn();
      const sub = startSubscription({ store, checkpoints, subscriptionId: 's', pollIntervalMs: 5, handler });
      await sub.caughtUp();
      await sub.stop();
      await store.append('s-1', [event(1)], { expectedVersion: 'no_stream' });
      await new Promise((r) => setTimeout(r, 30));
      expect(handler).not.toHaveBeenCalled();
    });
  });

  it('refuses a batch size below one', () => {
    expect(() =>
      startSubscription({ store, checkpoints, subscriptionId: 's', batchSize: 0, handler: () => {} }),
    ).toThrow(RangeError);
  });
});
