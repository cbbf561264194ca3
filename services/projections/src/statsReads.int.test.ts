import Database from 'better-sqlite3';
import type { FindQuery, ReadStore } from '@appeals/readstore';
import { createSqliteReadStore } from '@appeals/readstore-sqlite';
import { toEventMessage } from '@appeals/contracts';
import { toEnvelope } from '@appeals/relay';
import type { TestPlatform } from '@appeals/testkit';
import fc from 'fast-check';
import { registeredRange } from './period';
import { ensureViewIndexes } from './listQueries';
import { projectBatch, startProjector } from './projector';
import { createProjectionsService } from './projections.service';
import { computeAgencyStats, type StatsInput } from './stats';
import { statsRouter } from './stats.http';
import { settleStats } from './statsDirty';
import { readAgencyStats } from './statsRead';
import { appealScript, fileAppeals } from './statsScenario';
import { Views } from './views';

// Issue 13: "every query the views serve has an index; no request scans". One GET /stats/agencies over a million
// events read every summary (149 s); the statistics now come from buckets, and only the part of a day a date-time
// bound cuts is read from the summaries.

/** 40 appeals, always the same, filed over 40 days across a year's end. */
const scripts = fc.sample(fc.array(appealScript, { minLength: 40, maxLength: 40 }), {
  numRuns: 1,
  seed: 13,
})[0]!;

/** The store, counting the documents each collection's queries return. */
function counting(views: ReadStore) {
  const read = new Map<string, number>();
  const count = <T>(collection: string, items: T[]) => {
    read.set(collection, (read.get(collection) ?? 0) + items.length);
    return items;
  };
  const store: ReadStore = {
    upsert: (c, id, doc, revision) => views.upsert(c, id, doc, revision),
    get: (c, id) => views.get(c, id),
    async find<T>(c: string, q?: FindQuery) {
      const page = await views.find<T>(c, q);
      count(c, page.items);
      return page;
    },
    findItems: async <T>(c: string, q?: FindQuery) => count(c, await views.findItems<T>(c, q)),
    ensureIndex: (c, f) => views.ensureIndex(c, f),
    drop: (c) => views.drop(c),
    close: () => views.close(),
  };
  return { store, read };
}

describe('GET /stats/agencies', () => {
  let s: TestPlatform;
  afterEach(() => s.stop());

  it('reads no summary for whole days, and of the summaries only those a date-time bound cuts off', async () => {
    s = await fileAppeals(scripts);
    const { store, read } = counting(s.views);
    await startProjector(s.bus, { ...s, views: store });
    s.mount(statsRouter({ ...s, views: store, cacheMs: 0 }));
    await s.settled();
    const summaries = await s.views.findItems<{ registeredAt: string | null }>(Views.summary);
    expect(summaries.length).toBe(40);
    await settleStats(store, Views); // the days the projector marked, recomputed (what the first read would do)

    read.clear();
    expect((await s.get('/stats/agencies')).status).toBe(200);
    expect((await s.get('/stats/agencies?from=2026-12-15&to=2027-01-10')).status).toBe(200);
    expect(read.get(Views.summary) ?? 0).toBe(0);

    read.clear();
    const from = '2026-12-15T12:00:00+05:00';
    expect((await s.get(`/stats/agencies?from=${encodeURIComponent(from)}&to=2027-01-10`)).status).toBe(200);
    const cutOff = summaries.filter(
      (x) =>
        x.registeredAt &&
        x.registeredAt >= '2026-12-15T07:00:00.000Z' &&
        x.registeredAt < '2026-12-15T19:00:00.000Z',
    );
    expect(read.get(Views.summary) ?? 0).toBe(cutOff.length);
  });
});

describe('when the views were written by a version without statistics', () => {
  let s: TestPlatform;
  afterEach(() => s.stop());

  it('counts their appeals once the service has started (the statistics are filled in the background, once)', async () => {
    s = await fileAppeals(scripts);
    await ensureViewIndexes(s.views, Views);
    const messages = (await s.store.readAll()).map((e) => toEventMessage(toEnvelope(e)));
    await projectBatch({ views: s.views }, messages, Views);
    await s.views.drop(Views.stats); // the views as the earlier version left them: every summary, no bucket
    const service = createProjectionsService({ ...s, statsCacheMs: 0 });
    s.mount(service.router);

    await service.start();
    await service.statisticsFilled();

    const summaries = await s.views.findItems<StatsInput>(Views.summary);
    const reply = await s.get('/stats/agencies');
    expect(reply.body.items.length).toBeGreaterThan(0);
    expect(reply.body.items).toEqual(computeAgencyStats(summaries, s.catalog, s.clock()));
    await service.stop();
  });
});

describe('the statistics on SQLite', () => {
  let s: TestPlatform;
  afterEach(() => s.stop());

  it('read and recompute buckets and summaries through indexes only (no SCAN of a collection)', async () => {
    s = await fileAppeals(scripts);
    const db = new Database(':memory:');
    const statements: string[] = [];
    const prepare = db.prepare.bind(db);
    db.prepare = ((sql: string) => {
      statements.push(sql);
      return prepare(sql);
    }) as typeof db.prepare;
    const views = createSqliteReadStore({ db });
    await ensureViewIndexes(views, Views);
    const messages = (await s.store.readAll()).map((e) => toEventMessage(toEnvelope(e)));
    await projectBatch({ views }, messages, Views);
    const now = new Date('2027-01-20T00:00:00Z');
    for (const period of [
      {},
      { from: '2026-12-15', to: '2027-01-10' },
      { from: '2026-12-15T12:00:00+05:00', to: '2027-01-10T09:30:00Z' },
    ])
      await readAgencyStats(views, Views, registeredRange(period), s.catalog, now);

    const queries = [...new Set(statements)].filter((sql) =>
      /^\s*SELECT .* FROM "views_\w+" WHERE/s.test(sql),
    );
    expect(queries.length).toBeGreaterThanOrEqual(5);
    const plans = queries.map((sql) => {
      const params = Array.from(sql.matchAll(/\?/g), () => 'x');
      const plan = prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as Array<{ detail: string }>;
      return { sql, plan: plan.map((row) => row.detail).join('; ') };
    });
    // a declared index, or one document by its key; never the whole collection by its key, nor a sort after the read
    const indexed =
      /^SEARCH views_\w+ USING INDEX (readstore_\w+ \(<expr>|sqlite_autoindex_views_\w+_1 \(id=\?\))/;
    for (const { sql, plan } of plans)
      expect({ sql, plan }).toEqual({ sql, plan: expect.stringMatching(indexed) });
    expect(plans.filter(({ plan }) => /SCAN|TEMP B-TREE/.test(plan))).toEqual([]);
    await views.close();
    db.close();
  });
});
