import { createInMemoryReadStore, type FindQuery, type ReadStore } from '@appeals/readstore';
import { summaryOf } from './statsScenario';
import { bucketId } from './statsBuckets';
import { cleanDirty, createStatsSettler, markDirty, settleStats } from './statsDirty';

const names = { summary: 's', stats: 'b', statsDirty: 'd' };
const day = { agencyId: 'mon', day: '2026-03-02' };
const yearBucket = (views: ReadStore) => views.get(names.stats, bucketId('year', 'mon', '2026'));

/** A read store that counts the reads of summaries (each a recomputation of a day bucket). */
function counting(store = createInMemoryReadStore()) {
  const counter = { summaryReads: 0 };
  const views: ReadStore = {
    ...store,
    findItems: <T>(collection: string, query?: FindQuery) => {
      if (collection === names.summary) counter.summaryReads++;
      return store.findItems<T>(collection, query);
    },
  };
  return { views, counter };
}

describe('statistics marked dirty, recomputed later', () => {
  it('given summaries written and their day marked, when the marks are cleaned, then every bucket counts them and no mark stays dirty', async () => {
    const views = createInMemoryReadStore();
    await views.upsert(names.summary, 'a1', summaryOf({ appealId: 'a1' }), 1);
    await views.upsert(names.summary, 'a2', summaryOf({ appealId: 'a2', agencyId: 'akimat-almaty' }), 1);
    await markDirty(views, names, [day, day, { agencyId: 'akimat-almaty', day: '2026-03-02' }]);
    expect(await yearBucket(views)).toBeNull();

    expect(await cleanDirty(views, names)).toBe(2);

    expect(await yearBucket(views)).toMatchObject({ received: 1 });
    expect(await views.get(names.stats, bucketId('day', 'akimat-almaty', '2026-03-02'))).toMatchObject({
      received: 1,
    });
    expect(await views.findItems(names.statsDirty, { where: { dirty: true } })).toEqual([]);
    expect(await cleanDirty(views, names)).toBe(0);
  });

  it('given a day marked again while a cleaner recomputes it from older summaries, then the mark stays dirty and the next pass counts the new appeal', async () => {
    const store = createInMemoryReadStore();
    let release = () => undefined as void;
    let reached = () => undefined as void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const read = new Promise<void>((resolve) => (reached = resolve));
    // the cleaner stops right after it read the summaries
    const slow: ReadStore = {
      ...store,
      findItems: async <T>(collection: string, query?: FindQuery) => {
        const items = await store.findItems<T>(collection, query);
        if (collection === names.summary) {
          reached();
          await gate;
        }
        return items;
      },
    };
    await store.upsert(names.summary, 'a1', summaryOf({ appealId: 'a1' }), 1);
    await markDirty(store, names, [day]);
    const cleaning = cleanDirty(slow, names);
    await read;
    await store.upsert(names.summary, 'a2', summaryOf({ appealId: 'a2' }), 1); // a batch, meanwhile
    await markDirty(store, names, [day]);
    release();
    await cleaning;

    expect(await yearBucket(store)).toMatchObject({ received: 1 }); // computed before a2
    expect(await store.findItems(names.statsDirty, { where: { dirty: true } })).toHaveLength(1);
    await cleanDirty(store, names);
    expect(await yearBucket(store)).toMatchObject({ received: 2 });
  });

  it('given many batches marking the same day, when the settler runs after its delay, then the day is recomputed once', async () => {
    jest.useFakeTimers();
    try {
      const { views, counter } = counting();
      const settler = createStatsSettler({ views, names: () => names, delayMs: 1_000 });
      for (let i = 0; i < 10; i++) {
        await views.upsert(names.summary, `a${i}`, summaryOf({ appealId: `a${i}` }), 1);
        await markDirty(views, names, [day]);
        settler.marked();
      }
      expect(counter.summaryReads).toBe(0);
      await jest.advanceTimersByTimeAsync(1_000);
      await settler.stop();
      expect(counter.summaryReads).toBe(1);
      expect(await yearBucket(views)).toMatchObject({ received: 10 });
    } finally {
      jest.useRealTimers();
    }
  });

  it('given a day marked during a background pass, then the settler runs another pass after it', async () => {
    const store = createInMemoryReadStore();
    let release = () => undefined as void;
    let reached = () => undefined as void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const read = new Promise<void>((resolve) => (reached = resolve));
    let first = true;
    const views: ReadStore = {
      ...store,
      findItems: async <T>(collection: string, query?: FindQuery) => {
        const items = await store.findItems<T>(collection, query);
        if (collection === names.summary && first) {
          first = false;
          reached();
          await gate;
        }
        return items;
      },
    };
    const settler = createStatsSettler({ views, names: () => names, delayMs: 1 });
    await store.upsert(names.summary, 'a1', summaryOf({ appealId: 'a1' }), 1);
    await markDirty(store, names, [day]);
    settler.marked();
    await read;
    await store.upsert(names.summary, 'a2', summaryOf({ appealId: 'a2' }), 1);
    await markDirty(store, names, [day]);
    settler.marked();
    release();
    await new Promise((resolve) => setTimeout(resolve, 50));
    await settler.stop();
    expect(await yearBucket(store)).toMatchObject({ received: 2 });
    expect(await store.findItems(names.statsDirty, { where: { dirty: true } })).toEqual([]);
  });

  it('given readers settling at once, then they share one pass that starts after each of them', async () => {
    const { views, counter } = counting();
    await views.upsert(names.summary, 'a1', summaryOf({ appealId: 'a1' }), 1);
    await markDirty(views, names, [day]);
    await Promise.all([settleStats(views, names), settleStats(views, names), settleStats(views, names)]);
    expect(counter.summaryReads).toBeLessThanOrEqual(2);
    expect(await yearBucket(views)).toMatchObject({ received: 1 });
  });
});
