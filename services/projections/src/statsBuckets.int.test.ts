import { toEventMessage, type EventMessage } from '@appeals/contracts';
import { createInMemoryReadStore, type ReadStore } from '@appeals/readstore';
import { createMongoReadStore } from '@appeals/readstore-mongodb';
import { createSqliteReadStore } from '@appeals/readstore-sqlite';
import { serverUnderTest } from '@appeals/testkit/server';
import { MongoClient } from 'mongodb';
import { randomUUID } from 'node:crypto';
import type { Catalog } from '@appeals/reference-data';
import { toEnvelope } from '@appeals/relay';
import fc from 'fast-check';
import { viewNamesOf, type ViewNames } from './generations';
import { registeredRange } from './period';
import { ensureViewIndexes } from './listQueries';
import { projectBatch } from './projector';
import { applyLogPage } from './rebuild';
import { computeAgencyStats, type StatsInput } from './stats';
import { readAgencyStats } from './statsRead';
import { appealScript, bucketsOf, fileAppeals, periodBound, WINDOW_START } from './statsScenario';
import { Views } from './views';

// The statistics buckets against the definition: for any appeals and any period, the figures read from the buckets
// (and the summaries of the days a date-time bound cuts) are what computeAgencyStats gives over every summary
// registered in the period — after the live projector's at-least-once delivery (two partitions at once, batches
// delivered again, a batch failing midway and delivered again), and after a rebuild from the log.

type Period = { from?: string | undefined; to?: string | undefined };

/** A fresh read store for one run of the property, and what cleans up after it. */
type StoreFactory = () => { views: ReadStore; teardown?: () => Promise<unknown> };

/** What the statistics must be: computeAgencyStats over every summary registered within the period. */
async function expected(views: ReadStore, names: ViewNames, period: Period, now: Date, catalog: Catalog) {
  const range = registeredRange(period);
  const within = (await views.findItems<StatsInput>(names.summary)).filter(
    ({ registeredAt: at }) =>
      at !== null &&
      (range?.gte === undefined || at >= range.gte) &&
      (range?.lt === undefined || at < range.lt) &&
      (range?.lte === undefined || at <= range.lte),
  );
  return computeAgencyStats(within, catalog, now);
}

/** The store, its upserts failing after the first `n` (a process stopping midway through a batch). */
function failingAfter(views: ReadStore, n: number): ReadStore {
  let writes = 0;
  return {
    upsert: (c, id, doc, revision) =>
      ++writes > n ? Promise.reject(new Error('stopped')) : views.upsert(c, id, doc, revision),
    get: (c, id) => views.get(c, id),
    find: (c, q) => views.find(c, q),
    findItems: (c, q) => views.findItems(c, q),
    ensureIndex: (c, f) => views.ensureIndex(c, f),
    drop: (c) => views.drop(c),
    close: () => views.close(),
  };
}

const delivery = fc.record({
  batchSizes: fc.array(fc.integer({ min: 1, max: 12 }), { minLength: 1, maxLength: 8 }),
  /** per batch: the batch fails after this many writes, then is delivered again */
  failAfter: fc.array(fc.option(fc.integer({ min: 0, max: 12 }), { nil: undefined }), { minLength: 1 }),
  /** per batch: an earlier batch delivered again after it */
  again: fc.array(fc.boolean(), { minLength: 1 }),
  concurrency: fc.integer({ min: 1, max: 4 }),
});

/** Delivers the messages as the bus does: two partitions by appeal at once, in batches, at least once. */
async function deliver(
  views: ReadStore,
  messages: EventMessage[],
  d: typeof delivery extends fc.Arbitrary<infer T> ? T : never,
) {
  let n = 0;
  const partition = (m: EventMessage) => m.key.charCodeAt(0) % 2;
  await Promise.all(
    [0, 1].map(async (p) => {
      const mine = messages.filter((m) => partition(m) === p);
      const batches: EventMessage[][] = [];
      for (let at = 0, i = 0; at < mine.length; i++) {
        const size = d.batchSizes[i % d.batchSizes.length]!;
        batches.push(mine.slice(at, at + size));
        at += size;
      }
      for (const [i, batch] of batches.entries()) {
        const k = n++;
        const options = { concurrency: d.concurrency };
        const failAfter = d.failAfter[k % d.failAfter.length];
        if (failAfter !== undefined)
          await projectBatch({ views: failingAfter(views, failAfter) }, batch, Views, options).catch(
            () => undefined,
          );
        await projectBatch({ views }, batch, Views, options);
        if (d.again[k % d.again.length])
          await projectBatch({ views }, batches[(k * 7) % (i + 1)]!, Views, options);
      }
    }),
  );
}

/** The property, `numRuns` times, each on a fresh store from `fresh`. */
const statisticsProperty = (fresh: StoreFactory, numRuns: number) =>
  fc.assert(
    fc.asyncProperty(
      fc.array(appealScript, { minLength: 1, maxLength: 10 }),
      delivery,
      fc.array(fc.record({ from: periodBound, to: periodBound }), { minLength: 1, maxLength: 4 }),
      fc.integer({ min: 0, max: 90 * 24 * 60 }),
      fc.integer({ min: 1, max: 40 }),
      async (scripts, d, periods, nowMinute, pageSize) => {
        const s = await fileAppeals(scripts);
        const { views, teardown } = fresh();
        try {
          const events = await s.store.readAll();
          const now = new Date(WINDOW_START + nowMinute * 60_000);
          await ensureViewIndexes(views, Views);
          await deliver(
            views,
            events.map((e) => toEventMessage(toEnvelope(e))),
            d,
          );

          const rebuilt = viewNamesOf(2);
          await ensureViewIndexes(views, rebuilt);
          for (let at = 0; at < events.length; at += pageSize)
            await applyLogPage({ views }, events.slice(at, at + pageSize), rebuilt);

          for (const period of periods) {
            const range = registeredRange(period);
            for (const names of [Views, rebuilt]) {
              expect(await readAgencyStats(views, names, range, s.catalog, now)).toEqual(
                await expected(views, names, period, now, s.catalog),
              );
            }
          }
          expect(await bucketsOf(views, rebuilt)).toEqual(await bucketsOf(views, Views));
        } finally {
          await views.close();
          await teardown?.();
          await s.stop();
        }
      },
    ),
    { numRuns },
  );

const PROPERTY =
  'give what computeAgencyStats gives over the summaries, for any appeals and period, live and rebuilt';

describe('statistics buckets on the in-memory read store', () => {
  it(PROPERTY, () => statisticsProperty(() => ({ views: createInMemoryReadStore() }), 30), 120_000);
});

describe('statistics buckets on the SQLite read store', () => {
  it(
    PROPERTY,
    () => statisticsProperty(() => ({ views: createSqliteReadStore({ filename: ':memory:' }) }), 15),
    120_000,
  );
});

const mongo = serverUnderTest('MONGODB_URL');

mongo.describe('statistics buckets on the MongoDB read store (FerretDB or MongoDB at MONGODB_URL)', () => {
  let client: MongoClient;
  beforeAll(async () => {
    client = new MongoClient(mongo.url);
    await client.connect();
  });
  afterAll(() => client.close());

  it(
    PROPERTY,
    () =>
      statisticsProperty(() => {
        const dbName = `stats_property_${randomUUID().slice(0, 8)}`;
        return {
          views: createMongoReadStore({ client, dbName }),
          teardown: () => client.db(dbName).dropDatabase(),
        };
      }, 5),
    240_000,
  );
});
