import { randomUUID } from 'node:crypto';
import { MongoClient } from 'mongodb';
import {
  createInMemoryReadStore,
  isReadStoreError,
  type FindQuery,
  type ReadStore,
} from '@appeals/readstore';
import { COLLECTION_PREFIX, createMongoReadStore } from './mongoReadStore';
import { serverUnderTest } from '@appeals/testkit/server';

const server = serverUnderTest('MONGODB_URL');

server.describe('MongoDB read store', () => {
  const dbName = `readstore_int_${randomUUID().slice(0, 8)}`;
  let client: MongoClient;
  let store: ReadStore;

  beforeAll(async () => {
    client = new MongoClient(server.url);
    await client.connect();
  });

  beforeEach(() => {
    store = createMongoReadStore({ client, dbName });
  });

  afterEach(async () => {
    await store.close();
    await client.db(dbName).dropDatabase();
  });

  afterAll(async () => {
    await client.db(dbName).dropDatabase();
    await client.close();
  });

  describe('with a new client', () => {
    it('still holds the documents, their revisions and the guard', async () => {
      const first = createMongoReadStore({ url: server.url, dbName });
      await first.upsert('agency_inbox', 'appeal-1', { agencyId: 'mon', deadline: '2025-03-10' }, 4);
      await first.upsert('agency_inbox', 'appeal-2', { agencyId: 'moh', deadline: '2025-03-11' }, 2);
      await first.close();

      const second = createMongoReadStore({ url: server.url, dbName });
      await expect(second.get('agency_inbox', 'appeal-1')).resolves.toEqual({
        agencyId: 'mon',
        deadline: '2025-03-10',
        _revision: 4,
      });
      await expect(second.find('agency_inbox', { where: { agencyId: 'moh' } })).resolves.toMatchObject({
        total: 1,
      });
      await expect(second.upsert('agency_inbox', 'appeal-1', { agencyId: 'other' }, 4)).resolves.toBe(false);
      await second.close();
    });

    it('closes the client it opened, and leaves a shared client open', async () => {
      const owned = createMongoReadStore({ url: server.url, dbName });
      await owned.upsert('stats', 'kz', { count: 1 }, 1);
      await owned.close();
      await owned.close();
      await expect(owned.get('stats', 'kz')).rejects.toMatchObject({ code: 'READSTORE.INVALID_ARGUMENT' });

      await store.close();
      await expect(client.db(dbName).command({ ping: 1 })).resolves.toMatchObject({ ok: 1 });
    });
  });

  describe('when a projection replays its log', () => {
    const log = Array.from({ length: 3 }, (_, appeal) =>
      ['submitted', 'registered', 'routed', 'in_progress', 'answered'].map((status, revision) => ({
        id: `appeal-${appeal}`,
        revision,
        doc: { status, agencyId: appeal === 1 ? 'moh' : 'mon', history: Array(revision + 1).fill(status) },
      })),
    ).flat();

    it('writes each event once and ends in the same state, in order or backwards', async () => {
      const first = [];
      for (const { id, doc, revision } of log)
        first.push(await store.upsert('appeal_detail', id, doc, revision));
      const state = await store.find('appeal_detail', { sort: [['agencyId', 'asc']] });

      const again = [];
      for (const { id, doc, revision } of log)
        again.push(await store.upsert('appeal_detail', id, doc, revision));
      for (const { id, doc, revision } of [...log].reverse()) {
        again.push(await store.upsert('appeal_detail', id, { ...doc, status: 'tampered' }, revision));
      }

      expect(first.every(Boolean)).toBe(true);
      expect(again.some(Boolean)).toBe(false);
      await expect(store.find('appeal_detail', { sort: [['agencyId', 'asc']] })).resolves.toEqual(state);
      expect(state.items).toMatchObject([
        { status: 'answered', agencyId: 'moh', _revision: 4 },
        { status: 'answered', agencyId: 'mon', _revision: 4 },
        { status: 'answered', agencyId: 'mon', _revision: 4 },
      ]);
    });

    it('keeps the highest revision when writes of one id overlap', async () => {
      // FerretDB applies an update as read-then-write; without the store's per-id queue, overlapping
      // guarded writes lose updates here most of the time.
      const revisions = Array.from({ length: 40 }, (_, i) => (i * 17) % 40);
      const ids = ['appeal-1', 'appeal-2', 'appeal-3'];
      const written = await Promise.all(
        ids.flatMap((id) =>
          revisions.map((revision) => store.upsert('appeal_detail', id, { revision }, revision)),
        ),
      );

      expect(written.some(Boolean)).toBe(true);
      for (const id of ids) {
        await expect(store.get('appeal_detail', id)).resolves.toEqual({ revision: 39, _revision: 39 });
      }
    });

    it('lets the higher revision win when two clients insert the same new id at once', async () => {
      const other = createMongoReadStore({ url: server.url, dbName });
      const ids = Array.from({ length: 20 }, (_, i) => `appeal-${i}`);
      await Promise.all(
        ids.flatMap((id, i) => {
          const [low, high] = i % 2 === 0 ? [store, other] : [other, store];
          return [low.upsert('race', id, { by: 'low' }, 1), high.upsert('race', id, { by: 'high' }, 2)];
        }),
      );
      await other.close();

      const page = await store.find('race', { where: { by: 'high' } });
      expect(page.total).toBe(ids.length);
    });
  });

  describe('ensureIndex', () => {
    async function readstoreIndexes(collection: string): Promise<Array<{ name: string; key: object }>> {
      const indexes = await client.db(dbName).collection(`${COLLECTION_PREFIX}${collection}`).indexes();
      return indexes
        .filter((index) => String(index.name).startsWith('readstore_'))
        .map((index) => ({ name: String(index.name), key: index.key }));
    }

    it('creates one compound index per field list, however often it is declared', async () => {
      await store.ensureIndex('agency_inbox', ['agencyId', 'deadline']);
      await store.ensureIndex('agency_inbox', ['agencyId', 'deadline']);
      await createMongoReadStore({ client, dbName }).ensureIndex('agency_inbox', ['agencyId', 'deadline']);

      const indexes = await readstoreIndexes('agency_inbox');
      expect(indexes).toEqual([
        {
          name: expect.stringMatching(/^readstore_agencyId__deadline_[0-9a-f]{12}$/),
          key: { 'doc.agencyId': 1, 'doc.deadline': 1, _id: 1 },
        },
      ]);
    });

    it('creates the index a sort reads, each field in its direction, then the id', async () => {
      await store.ensureIndex('appeal_summary', ['agencyId', ['registeredAt', 'desc']]);
      await store.ensureIndex('appeal_summary', [['registeredAt', 'desc'], 'registeredAt']);

      expect(await readstoreIndexes('appeal_summary')).toEqual(
        expect.arrayContaining([
          {
            name: expect.stringMatching(/^readstore_agencyId__registeredAt_desc_[0-9a-f]{12}$/),
            key: { 'doc.agencyId': 1, 'doc.registeredAt': -1, _id: 1 },
          },
          {
            name: expect.stringMatching(/^readstore_registeredAt_desc_[0-9a-f]{12}$/),
            key: { 'doc.registeredAt': -1, _id: 1 },
          },
        ]),
      );
    });

    it('indexes nested paths and _revision, and keeps indexes when the view is dropped', async () => {
      await store.ensureIndex('appeal_detail', ['applicant.region', '_revision']);
      await store.ensureIndex('appeal_detail', ['applicant_region']);
      await store.upsert('appeal_detail', 'appeal-1', { applicant: { region: '750000000' } }, 1);
      await store.drop('appeal_detail');

      const indexes = await readstoreIndexes('appeal_detail');
      expect(indexes.map((index) => index.key)).toEqual(
        expect.arrayContaining([
          { 'doc.applicant.region': 1, _revision: 1, _id: 1 },
          { 'doc.applicant_region': 1, _id: 1 },
        ]),
      );
      expect(indexes).toHaveLength(2);
      await expect(store.find('appeal_detail')).resolves.toEqual({ items: [], total: 0, totalExact: true });
    });
  });

  describe('stored form', () => {
    it('keeps one collection per view, with the body apart from id and revision', async () => {
      await store.upsert(
        'appeal_detail',
        'appeal-1',
        { _id: 'body id', status: 'registered', _revision: 9 },
        3,
      );

      const raw = await client.db(dbName).collection(`${COLLECTION_PREFIX}appeal_detail`).findOne();
      expect(raw).toEqual({ _id: 'appeal-1', _revision: 3, doc: { _id: 'body id', status: 'registered' } });
      await expect(store.find('appeal_detail', { where: { _id: 'body id' } })).resolves.toMatchObject({
        total: 1,
      });
    });

    it('stores keys MongoDB forbids (dots, a leading $, %) escaped, and hands them back as written', async () => {
      const doc = {
        countsByCategory: { 'housing.utilities': 3, $other: 1, '50%': 2, plain: 4 },
        list: [{ 'a.b': ['x'] }],
        status: 'open',
      };
      await store.upsert('stats', 'kz', doc, 1);

      await expect(store.get('stats', 'kz')).resolves.toEqual({ ...doc, _revision: 1 });
      await expect(store.find('stats', { where: { 'countsByCategory.plain': 4 } })).resolves.toEqual({
        items: [{ ...doc, _revision: 1 }],
        total: 1,
        totalExact: true,
      });
      await store.upsert('stats', 'kz', { status: 'plain again' }, 2);
      await expect(store.get('stats', 'kz')).resolves.toEqual({ status: 'plain again', _revision: 2 });
    });

    it('stores JSON, as the SQLite adapter does, and refuses what is not JSON', async () => {
      await store.upsert(
        'stats',
        'kz',
        { at: new Date('2025-03-01T00:00:00.000Z'), ratio: Number.NaN, gone: undefined },
        1,
      );

      await expect(store.get('stats', 'kz')).resolves.toEqual({
        at: '2025-03-01T00:00:00.000Z',
        ratio: null,
        _revision: 1,
      });
      const outcome = await store
        .upsert('stats', 'kz', { count: BigInt(1) }, 2)
        .catch((error: unknown) => error);
      expect(isReadStoreError(outcome)).toBe(true);
    });
  });

  // MongoDB looks into arrays and orders booleans, objects and arrays its own way; the adapter keeps
  // the port's rules, so it must answer exactly as the in-memory reference adapter does.
  describe('on values MongoDB treats differently, compared with the in-memory adapter', () => {
    const docs: Record<string, Record<string, unknown>> = {
      d01: { v: 'b', n: 2, tags: ['x', 'y'], a: { b: 'q' } },
      d02: { v: ['b'], n: [2], tags: 'x', a: [{ b: 'q' }] },
      d03: { v: true, n: 1, tags: [], a: [{ b: null }] },
      d04: { v: 1, n: true, tags: null, a: { b: ['q'] } },
      d05: { v: { x: 1 }, n: 0, a: 5 },
      d06: { v: null, n: '2', a: { b: 3 } },
      d07: { n: -1.5, tags: [null], a: { b: { c: 'q' } } },
      d08: { v: [null], n: false, a: [] },
      d09: { v: 'a', n: 1.5, a: { b: 'r' } },
      d10: { v: [], n: { x: 'y' }, a: null },
    };
    const queries: FindQuery[] = [
      { where: { v: 'b' } },
      { where: { v: null } },
      { where: { v: { in: ['b', null] } } },
      { where: { v: true } },
      { where: { n: 2 } },
      { where: { n: { gte: 0 } } },
      { where: { n: { in: [1, true] } } },
      { where: { tags: 'x' } },
      { where: { tags: null } },
      { where: { 'a.b': 'q' } },
      { where: { 'a.b': null } },
      { where: { 'a.b': { in: [null, 3] } } },
      { where: { 'a.b': { gt: 'a' } } },
      { where: { 'a.b.c': 'q' } },
      { where: { 'a.b.c': null } },
      { sort: [['v', 'asc']] },
      { sort: [['v', 'desc']] },
      { sort: [['n', 'asc']], offset: 2, limit: 5 },
      { sort: [['n', 'desc']] },
      { sort: [['a.b', 'asc']] },
      {
        sort: [
          ['tags', 'asc'],
          ['n', 'desc'],
        ],
      },
      {
        where: { n: { gte: 0 } },
        sort: [
          ['v', 'asc'],
          ['_revision', 'desc'],
        ],
        limit: 3,
      },
      {
        sort: [
          ['_revision', 'asc'],
          ['v', 'desc'],
        ],
      },
    ];

    it.each(queries.map((query) => [JSON.stringify(query), query] as const))('%s', async (_, query) => {
      const reference = createInMemoryReadStore();
      for (const [i, [id, doc]] of Object.entries(docs).entries()) {
        await reference.upsert('mixed', id, doc, i % 3);
        await store.upsert('mixed', id, doc, i % 3);
      }

      await expect(store.find('mixed', query)).resolves.toEqual(await reference.find('mixed', query));
    });
  });
});
