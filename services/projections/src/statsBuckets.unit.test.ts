import { createInMemoryReadStore, type FindQuery, type ReadStore } from '@appeals/readstore';
import { registeredRange } from './period';
import { summaryOf } from './statsScenario';
import { bucketId, refreshBuckets, touchedDays } from './statsBuckets';
import { planPeriod } from './statsPeriod';

const names = { summary: 's', stats: 'b' };

describe('touchedDays', () => {
  it('names where a forwarded appeal was counted and where it is counted now', () => {
    expect(touchedDays(summaryOf({}), summaryOf({ agencyId: 'akimat-almaty' }), undefined)).toEqual([
      { agencyId: 'mon', day: '2026-03-02' },
      { agencyId: 'akimat-almaty', day: '2026-03-02' },
    ]);
  });

  it('names none when nothing a bucket depends on changed (an executor assigned)', () => {
    expect(touchedDays(summaryOf({}), summaryOf({}), undefined)).toEqual([]);
  });

  it('names the local day (UTC+05:00) of the registration: 20:00 UTC is the next day', () => {
    expect(
      touchedDays(undefined, summaryOf({ registeredAt: '2026-03-01T20:00:00.000Z' }), undefined),
    ).toEqual([{ agencyId: 'mon', day: '2026-03-02' }]);
  });

  it('names every agency the appeal was ever at on a redelivery, though nothing seems to change', () => {
    expect(touchedDays(summaryOf({}), summaryOf({}), { agencies: ['akimat-almaty', 'mon'] })).toEqual([
      { agencyId: 'akimat-almaty', day: '2026-03-02' },
      { agencyId: 'mon', day: '2026-03-02' },
    ]);
  });
});

describe('refreshBuckets', () => {
  it('recomputes a bucket whose write lost to another writer that read newer summaries (no stale bucket stays)', async () => {
    // A reads the summaries before a2 is written, B after; A writes first, so B's write (over the version both read)
    // is refused: B must recompute, or A's count of one stays for good.
    const store = createInMemoryReadStore();
    const gates: Array<{ open: () => void; wait: Promise<void>; reached: () => void; read: Promise<void> }> =
      [];
    for (let i = 0; i < 2; i++) {
      let open = () => undefined as void;
      let reached = () => undefined as void;
      const wait = new Promise<void>((resolve) => (open = resolve));
      const read = new Promise<void>((resolve) => (reached = resolve));
      gates.push({ open, wait, reached, read });
    }
    let summaryReads = 0;
    // two processes (two projector copies): each its own read store over the same documents
    const process = (): ReadStore => ({
      ...store,
      findItems: async <T>(collection: string, query?: FindQuery) => {
        const items = await store.findItems<T>(collection, query);
        const gate = collection === names.summary ? gates[summaryReads++] : undefined;
        gate?.reached();
        await gate?.wait;
        return items;
      },
    });
    const day = [{ agencyId: 'mon', day: '2026-03-02' }];
    await store.upsert(names.summary, 'a1', summaryOf({ appealId: 'a1' }), 1);
    const a = refreshBuckets(process(), names, day);
    await gates[0]!.read;
    await store.upsert(names.summary, 'a2', summaryOf({ appealId: 'a2' }), 1);
    const b = refreshBuckets(process(), names, day);
    await gates[1]!.read;
    gates[0]!.open();
    await a;
    gates[1]!.open();
    await b;

    for (const [level, period] of [
      ['day', '2026-03-02'],
      ['month', '2026-03'],
      ['year', '2026'],
    ] as const)
      expect(await store.get(names.stats, bucketId(level, 'mon', period))).toMatchObject({ received: 2 });
  });
});

describe('refreshBuckets in one process', () => {
  it('shares the recomputations of a bucket refreshed by several batches at once, and counts every appeal', async () => {
    const store = createInMemoryReadStore();
    let summaryReads = 0;
    const views: ReadStore = {
      ...store,
      findItems: <T>(collection: string, query?: FindQuery) => {
        if (collection === names.summary) summaryReads++;
        return store.findItems<T>(collection, query);
      },
    };
    const day = [{ agencyId: 'mon', day: '2026-03-02' }];
    await Promise.all(
      Array.from({ length: 10 }, async (_, i) => {
        await store.upsert(names.summary, `a${i}`, summaryOf({ appealId: `a${i}` }), 1);
        await refreshBuckets(views, names, day);
      }),
    );
    expect(summaryReads).toBeLessThanOrEqual(2);
    expect(await store.get(names.stats, bucketId('year', 'mon', '2026'))).toMatchObject({ received: 10 });
  });
});

describe('planPeriod', () => {
  const plan = (period: { from?: string; to?: string }) => planPeriod(registeredRange(period), 300);

  it('reads all time from the year buckets alone', () => {
    expect(plan({})).toEqual({ spans: [{ level: 'year' }], edges: [] });
  });

  it('reads whole local days from the largest buckets that fit, and no summary', () => {
    expect(plan({ from: '2025-11-15', to: '2027-02-27' })).toEqual({
      spans: [
        { level: 'day', from: '2025-11-15', to: '2025-11-30' },
        { level: 'month', from: '2025-12', to: '2025-12' },
        { level: 'year', from: '2026', to: '2026' },
        { level: 'month', from: '2027-01', to: '2027-01' },
        { level: 'day', from: '2027-02-01', to: '2027-02-27' },
      ],
      edges: [],
    });
    expect(plan({ from: '2026-03-02', to: '2026-03-03' }).spans).toEqual([
      { level: 'day', from: '2026-03-02', to: '2026-03-03' },
    ]);
  });

  it('reads the part of a day a date-time bound cuts from the summaries registered then', () => {
    expect(plan({ from: '2026-03-02T10:00:00+05:00', to: '2026-03-31T12:00:00Z' })).toEqual({
      spans: [{ level: 'day', from: '2026-03-03', to: '2026-03-30' }],
      edges: [
        { gte: '2026-03-02T05:00:00.000Z', lt: '2026-03-02T19:00:00.000Z' },
        { gte: '2026-03-30T19:00:00.000Z', lte: '2026-03-31T12:00:00.000Z' },
      ],
    });
    expect(plan({ from: '2026-03-02T10:00:00+05:00', to: '2026-03-02T12:00:00+05:00' })).toEqual({
      spans: [],
      edges: [{ gte: '2026-03-02T05:00:00.000Z', lte: '2026-03-02T07:00:00.000Z' }],
    });
  });
});
