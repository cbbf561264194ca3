import { AppealStatus } from '@appeals/contracts';
import type { FindQuery } from '@appeals/readstore';
import { createSqliteReadStore, explainFind, unindexedSteps } from '@appeals/readstore-sqlite';
import { demoCatalog } from '@appeals/reference-data';
import Database from 'better-sqlite3';
import {
  cabinetFind,
  ensureViewIndexes,
  inboxFind,
  LATEST_INSTANT,
  lookupFind,
  searchFind,
  type Paging,
} from './listQueries';
import { Views } from './views';

// Every shape of query the list routes send (each combination of their filters, a first and a deep page) is planned
// by SQLite over the declared view indexes: none may scan the views (or a whole collection) or sort outside an
// index, so a route that starts to filter or sort by something no index serves fails here.

const catalog = demoCatalog();
const now = new Date('2026-03-02T10:00:00Z');
const pagings: Paging[] = [
  { limit: 50, offset: 0 },
  { limit: 20, offset: 980 },
];
const scopes = {
  'one agency': catalog.subtree('mon'),
  'a subtree': catalog.subtree('akimat-almaty'),
  'every agency': catalog.subtree(catalog.root()),
};
const statuses: Array<AppealStatus | undefined> = [undefined, 'routed', 'answered'];

/** Every combination of the values of each key. */
function combinations<T extends Record<string, unknown[]>>(axes: T): Array<{ [K in keyof T]: T[K][number] }> {
  return Object.entries(axes).reduce<Array<Record<string, unknown>>>(
    (all, [key, values]) => all.flatMap((partial) => values.map((value) => ({ ...partial, [key]: value }))),
    [{}],
  ) as Array<{ [K in keyof T]: T[K][number] }>;
}

/** `{ [key]: value }` when the value is there (the routes leave absent filters out). */
const given = <V>(key: string, value: V | undefined) => (value === undefined ? {} : { [key]: value });

function shapes(): Array<{ shape: string; collection: string; query: FindQuery }> {
  const all: Array<{ shape: string; collection: string; query: FindQuery }> = [];
  const add = (shape: object, collection: string, query: FindQuery | null) => {
    if (query) all.push({ shape: JSON.stringify(shape), collection, query });
  };
  for (const c of combinations({
    scope: Object.keys(scopes) as Array<keyof typeof scopes>,
    status: statuses,
    overdue: [undefined, 'true', 'false'] as const,
    paging: pagings,
  })) {
    const filters = {
      agencies: scopes[c.scope],
      now,
      ...given('status', c.status),
      ...given('overdue', c.overdue),
    };
    add({ inbox: c }, Views.summary, inboxFind(filters, c.paging));
  }
  for (const c of combinations({
    scope: [undefined, ...Object.keys(scopes)] as Array<keyof typeof scopes | undefined>,
    number: [undefined, 'ЖТ-2026-000123'],
    status: statuses,
    registered: [
      undefined,
      { gte: '2026-03-01T19:00:00.000Z' },
      { lte: now.toISOString() },
      { gte: '2026-01-01', lt: '2026-02-01' },
    ],
    paging: pagings,
  })) {
    const filters = {
      ...given('agencies', c.scope && scopes[c.scope]),
      ...given('registrationNumber', c.number),
      ...given('status', c.status),
      ...given('registered', c.registered),
    };
    add({ search: c }, Views.summary, searchFind(filters, c.paging));
  }
  for (const c of combinations({ status: statuses, paging: pagings }))
    add(
      { cabinet: c },
      Views.summary,
      cabinetFind({ accountId: 'citizen-1', ...given('status', c.status) }, c.paging),
    );
  add({ lookup: true }, Views.summary, lookupFind('ЖТ-2026-000123'));
  return all;
}

describe('the list routes’ queries on SQLite', () => {
  let db: Database.Database;

  beforeAll(async () => {
    db = new Database(':memory:');
    const views = createSqliteReadStore({ db });
    await ensureViewIndexes(views);
    await views.close();
  });

  afterAll(() => db.close());

  it('are each read off an index: no scan of the views or of a collection, no sort step', () => {
    const unindexed = shapes().flatMap(({ shape, collection, query }) => {
      const { count, page, rows } = explainFind(db, collection, query);
      const steps = unindexedSteps([...count, ...page, ...rows]);
      return steps.length === 0 ? [] : [{ shape, steps }];
    });

    expect(unindexed).toEqual([]);
  });

  it('read inbox and search pages by an index that takes every equality (an `in` split into one per value)', () => {
    const partial = shapes()
      .filter(({ shape }) => shape.startsWith('{"inbox"') || shape.startsWith('{"search"'))
      .flatMap(({ shape, collection, query }) => {
        const equalities = Object.values(query.where ?? {}).filter(
          (condition) => typeof condition !== 'object' || condition === null || 'in' in condition,
        ).length;
        const searches = explainFind(db, collection, query).page.filter((step) =>
          step.startsWith('SEARCH views'),
        );
        const short = searches.filter((step) => (step.match(/<expr>=\?/g) ?? []).length < equalities);
        return short.length === 0 ? [] : [{ shape, equalities, uses: short[0] }];
      });

    expect(partial).toEqual([]);
  });

  it('search a registration number by its own index alone, whatever else the search asks', () => {
    const query = searchFind(
      { registrationNumber: 'ЖТ-2026-000123', agencies: ['mon'], status: 'routed' },
      pagings[1]!,
    );
    const { page } = explainFind(db, Views.summary, query);

    expect(query.where).toEqual({ registrationNumber: 'ЖТ-2026-000123' });
    expect(page.join('\n')).toMatch(/USING INDEX readstore_appeal_summary__registrationNumber__/);
  });

  it('close a period open at its end at the latest instant, so the count needs no document', () => {
    const { where } = searchFind({ registered: { gte: '2026-03-01T19:00:00.000Z' } }, pagings[0]!);
    expect(where).toEqual({ registeredAt: { gte: '2026-03-01T19:00:00.000Z', lte: LATEST_INSTANT } });
  });
});
