/// <reference types="jest" />
import { boundedFindContract } from './boundedFindContract';
import { collectionsContract } from './collectionsContract';
import { isReadStoreError } from './errors';
import type { FindQuery, ReadStore } from './port';

/** What a contract run needs from an adapter: a fresh, empty store, and how to clean up after it. */
export interface ReadStoreFixture {
  store: ReadStore;
  teardown?: () => Promise<void>;
}

const APPEALS = 'appeal_detail';

async function expectReadStoreError(operation: Promise<unknown>): Promise<void> {
  const outcome = await operation.then(
    () => 'resolved',
    (error: unknown) => error,
  );
  expect(isReadStoreError(outcome) ? 'a ReadStoreError' : outcome).toBe('a ReadStoreError');
}

/** A small inbox with the awkward cases: null vs missing, true vs 1, 3 vs '3', scripts beyond Latin. */
const seed: Array<{ id: string; revision: number; doc: Record<string, unknown> }> = [
  {
    id: 'a1',
    revision: 10,
    doc: {
      status: 'registered',
      agencyId: 'mon',
      deadline: '2025-03-10',
      priority: 2,
      urgent: true,
      regNo: 'A-001',
      applicant: { region: '750000000', name: 'Әлия' },
      assignee: null,
    },
  },
  {
    id: 'a2',
    revision: 3,
    doc: {
      status: 'registered',
      agencyId: 'moh',
      deadline: '2025-03-05',
      priority: 1,
      urgent: false,
      regNo: 'A-002',
      applicant: { region: '710000000', name: 'Иван' },
      assignee: 'u7',
    },
  },
  {
    id: 'a3',
    revision: 7,
    doc: {
      status: 'routed',
      agencyId: 'mon',
      deadline: '2025-03-10',
      priority: 3,
      urgent: false,
      regNo: 'A-003',
      applicant: { region: '750000000', name: 'John' },
    },
  },
  {
    id: 'a4',
    revision: 1,
    doc: {
      status: 'answered',
      agencyId: 'akimat',
      deadline: '2025-02-28',
      priority: 1,
      urgent: true,
      regNo: 'A-004',
      applicant: { region: '110000000' },
      assignee: 'u2',
    },
  },
  {
    id: 'a5',
    revision: 7,
    doc: {
      status: 'routed',
      agencyId: 'moh',
      deadline: '2025-03-20',
      priority: '3',
      urgent: 1,
      regNo: 'A-005',
      applicant: { region: '710000000', name: '李雷 🚀' },
      assignee: null,
    },
  },
];

/**
 * The behaviour every ReadStore adapter must show: revision-guarded upserts, isolated copies,
 * and one query semantics (see the README of @appeals/readstore).
 *
 * @example
 * readStoreContract('in-memory', async () => ({ store: createInMemoryReadStore() }));
 */
export function readStoreContract(name: string, factory: () => Promise<ReadStoreFixture>): void {
  describe(`ReadStore contract: ${name}`, () => {
    let fixture: ReadStoreFixture;
    let store: ReadStore;

    beforeEach(async () => {
      fixture = await factory();
      store = fixture.store;
    });

    afterEach(async () => {
      await store.close();
      await fixture.teardown?.();
    });

    async function seedInbox(): Promise<void> {
      for (const { id, revision, doc } of seed) await store.upsert(APPEALS, id, doc, revision);
    }

    async function ids(query?: FindQuery): Promise<string[]> {
      const page = await store.find<{ regNo: string }>(APPEALS, query);
      return page.items.map((item) => `a${item.regNo.slice(-1)}`);
    }

    describe('upsert and get', () => {
      it('returns what was written, with its revision', async () => {
        const doc = {
          status: 'registered',
          registration: { number: 'ЖТ-2025-000123', at: '2025-03-01T09:30:00.000Z' },
          parts: [
            { agencyId: 'mon', share: 0.5 },
            { agencyId: 'moh', share: 0.5 },
          ],
          score: -1.25,
          big: 9007199254740991,
          answered: false,
          assignee: null,
        };

        await expect(store.upsert(APPEALS, 'appeal-1', doc, 0)).resolves.toBe(true);

        await expect(store.get(APPEALS, 'appeal-1')).resolves.toEqual({ ...doc, _revision: 0 });
      });

      it('returns null for a missing document or an unknown collection', async () => {
        await store.upsert(APPEALS, 'appeal-1', { status: 'registered' }, 1);

        await expect(store.get(APPEALS, 'appeal-2')).resolves.toBeNull();
        await expect(store.get('never_written', 'appeal-1')).resolves.toBeNull();
      });

      it('keeps the same id in different collections apart', async () => {
        await store.upsert('applicant_cabinet', 'appeal-1', { view: 'cabinet' }, 5);
        await store.upsert('agency_inbox', 'appeal-1', { view: 'inbox' }, 1);

        await expect(store.get('applicant_cabinet', 'appeal-1')).resolves.toEqual({
          view: 'cabinet',
          _revision: 5,
        });
        await expect(store.get('agency_inbox', 'appeal-1')).resolves.toEqual({ view: 'inbox', _revision: 1 });
      });

      it('takes the revision from the argument, not from a _revision inside the document', async () => {
        await store.upsert(APPEALS, 'appeal-1', { status: 'registered', _revision: 99 }, 2);

        await expect(store.get(APPEALS, 'appeal-1')).resolves.toEqual({ status: 'registered', _revision: 2 });
        await expect(store.upsert(APPEALS, 'appeal-1', { status: 'routed' }, 3)).resolves.toBe(true);
      });

      it('rejects revisions that are not non-negative integers', async () => {
        for (const revision of [-1, 1.5, Number.NaN]) {
          await expectReadStoreError(store.upsert(APPEALS, 'appeal-1', {}, revision));
        }
      });
    });

    describe('revision guard', () => {
      it('ignores a second write of the same revision', async () => {
        await store.upsert(APPEALS, 'appeal-1', { status: 'registered' }, 3);

        await expect(store.upsert(APPEALS, 'appeal-1', { status: 'tampered' }, 3)).resolves.toBe(false);
        await expect(store.get(APPEALS, 'appeal-1')).resolves.toEqual({ status: 'registered', _revision: 3 });
      });

      it('ignores a lower revision', async () => {
        await store.upsert(APPEALS, 'appeal-1', { status: 'routed' }, 3);

        await expect(store.upsert(APPEALS, 'appeal-1', { status: 'registered' }, 2)).resolves.toBe(false);
        await expect(store.get(APPEALS, 'appeal-1')).resolves.toEqual({ status: 'routed', _revision: 3 });
      });

      it('replaces the whole document on a higher revision', async () => {
        await store.upsert(APPEALS, 'appeal-1', { status: 'registered', draft: 'text' }, 3);

        await expect(store.upsert(APPEALS, 'appeal-1', { status: 'answered' }, 4)).resolves.toBe(true);
        await expect(store.get(APPEALS, 'appeal-1')).resolves.toEqual({ status: 'answered', _revision: 4 });
      });

      it('ends in the same state when a projection replays its log twice', async () => {
        const log = [
          { id: 'appeal-1', revision: 0, doc: { status: 'submitted', history: ['submitted'] } },
          { id: 'appeal-2', revision: 0, doc: { status: 'submitted', history: ['submitted'] } },
          {
            id: 'appeal-1',
            revision: 1,
            doc: { status: 'registered', history: ['submitted', 'registered'] },
          },
          {
            id: 'appeal-1',
            revision: 2,
            doc: { status: 'routed', history: ['submitted', 'registered', 'routed'] },
          },
          { id: 'appeal-2', revision: 1, doc: { status: 'withdrawn', history: ['submitted', 'withdrawn'] } },
        ];
        const firstPass: boolean[] = [];
        for (const { id, revision, doc } of log)
          firstPass.push(await store.upsert(APPEALS, id, doc, revision));
        const afterFirst = await store.find(APPEALS);

        const secondPass: boolean[] = [];
        for (const { id, revision, doc } of log)
          secondPass.push(await store.upsert(APPEALS, id, doc, revision));

        expect(firstPass).toEqual([true, true, true, true, true]);
        expect(secondPass).toEqual([false, false, false, false, false]);
        await expect(store.find(APPEALS)).resolves.toEqual(afterFirst);
        expect(afterFirst.items).toEqual([
          { status: 'routed', history: ['submitted', 'registered', 'routed'], _revision: 2 },
          { status: 'withdrawn', history: ['submitted', 'withdrawn'], _revision: 1 },
        ]);
      });
    });

    describe('isolation', () => {
      it('is not changed by mutating the written document afterwards', async () => {
        const doc = { status: 'registered', applicant: { region: '750000000' }, tags: ['school'] };
        await store.upsert(APPEALS, 'appeal-1', doc, 1);

        doc.applicant.region = 'changed';
        doc.tags.push('changed');

        await expect(store.get(APPEALS, 'appeal-1')).resolves.toMatchObject({
          applicant: { region: '750000000' },
          tags: ['school'],
        });
      });

      it('is not changed by mutating what get and find return', async () => {
        await store.upsert(
          APPEALS,
          'appeal-1',
          { status: 'registered', applicant: { region: '750000000' } },
          1,
        );

        const got = await store.get<{ status: string; applicant: { region: string } }>(APPEALS, 'appeal-1');
        got!.status = 'changed';
        got!.applicant.region = 'changed';
        const found = await store.find<{ applicant: { region: string } }>(APPEALS);
        found.items[0]!.applicant.region = 'changed too';

        await expect(store.get(APPEALS, 'appeal-1')).resolves.toEqual({
          status: 'registered',
          applicant: { region: '750000000' },
          _revision: 1,
        });
      });
    });

    describe('find', () => {
      beforeEach(seedInbox);

      it('returns every document ordered by id when no query is given', async () => {
        const page = await store.find(APPEALS);

        expect(page.total).toBe(5);
        expect(page.items.map((item) => item.regNo)).toEqual(['A-001', 'A-002', 'A-003', 'A-004', 'A-005']);
        expect(page.items[0]).toEqual({ ...seed[0]!.doc, _revision: 10 });
      });

      it('returns an empty page for an unknown collection', async () => {
        await expect(store.find('never_written', { where: { status: 'registered' } })).resolves.toEqual({
          items: [],
          total: 0,
          totalExact: true,
        });
      });

      it('filters by equality, and by several fields at once', async () => {
        expect(await ids({ where: { status: 'registered' } })).toEqual(['a1', 'a2']);
        expect(await ids({ where: { agencyId: 'mon', status: 'routed' } })).toEqual(['a3']);
        expect(await ids({ where: { status: 'closed' } })).toEqual([]);
      });

      it('tells numbers from strings and booleans from numbers', async () => {
        expect(await ids({ where: { priority: 3 } })).toEqual(['a3']);
        expect(await ids({ where: { priority: '3' } })).toEqual(['a5']);
        expect(await ids({ where: { urgent: true } })).toEqual(['a1', 'a4']);
        expect(await ids({ where: { urgent: false } })).toEqual(['a2', 'a3']);
        expect(await ids({ where: { urgent: 1 } })).toEqual(['a5']);
      });

      it('matches null against explicit nulls and missing fields', async () => {
        expect(await ids({ where: { assignee: null } })).toEqual(['a1', 'a3', 'a5']);
        expect(await ids({ where: { 'applicant.name': null } })).toEqual(['a4']);
      });

      it('follows nested dot paths', async () => {
        expect(await ids({ where: { 'applicant.region': '750000000' } })).toEqual(['a1', 'a3']);
        expect(await ids({ where: { 'applicant.name': 'Әлия' } })).toEqual(['a1']);
        expect(await ids({ where: { 'applicant.region.code': '750000000' } })).toEqual([]);
      });

      it('filters by membership, including null, and an empty list matches nothing', async () => {
        expect(await ids({ where: { status: { in: ['routed', 'answered'] } } })).toEqual(['a3', 'a4', 'a5']);
        expect(await ids({ where: { assignee: { in: ['u7', null] } } })).toEqual(['a1', 'a2', 'a3', 'a5']);
        expect(await ids({ where: { priority: { in: [2, '3'] } } })).toEqual(['a1', 'a5']);
        expect(await ids({ where: { urgent: { in: [true] } } })).toEqual(['a1', 'a4']);
        await expect(store.find(APPEALS, { where: { status: { in: [] } } })).resolves.toEqual({
          items: [],
          total: 0,
          totalExact: true,
        });
      });

      it('filters by ranges on strings and numbers, comparing only values of the same type', async () => {
        expect(await ids({ where: { deadline: { gte: '2025-03-05', lt: '2025-03-20' } } })).toEqual([
          'a1',
          'a2',
          'a3',
        ]);
        expect(await ids({ where: { deadline: { lte: '2025-03-05' } } })).toEqual(['a2', 'a4']);
        expect(await ids({ where: { priority: { gt: 1 } } })).toEqual(['a1', 'a3']);
        expect(await ids({ where: { priority: { lte: 1 } } })).toEqual(['a2', 'a4']);
        expect(await ids({ where: { regNo: { gt: 'A-003' } } })).toEqual(['a4', 'a5']);
      });

      it('filters a period of ISO timestamps with both ends, leaving out null and missing ones, sorted newest first', async () => {
        const at = ['2026-03-01T19:00:00.000Z', '2026-03-02T05:00:00.000Z', '2026-03-02T18:59:59.999Z'];
        await store.upsert('summaries', 's1', { agencyId: 'mon', registeredAt: at[0] }, 1);
        await store.upsert('summaries', 's2', { agencyId: 'moh', registeredAt: at[1] }, 1);
        await store.upsert('summaries', 's3', { agencyId: 'mon', registeredAt: at[2] }, 1);
        await store.upsert('summaries', 's4', { agencyId: 'mon', registeredAt: null }, 1);
        await store.upsert('summaries', 's5', { agencyId: 'mon' }, 1);
        await store.upsert(
          'summaries',
          's6',
          { agencyId: 'mon', registeredAt: '2026-03-02T19:00:00.000Z' },
          1,
        );
        const period = async (where: FindQuery['where']) =>
          (
            await store.find<{ registeredAt: string }>('summaries', {
              where,
              sort: [['registeredAt', 'desc']],
            })
          ).items.map((item) => item.registeredAt);

        expect(
          await period({ registeredAt: { gte: '2026-03-01T19:00:00.000Z', lt: '2026-03-02T19:00:00.000Z' } }),
        ).toEqual([at[2], at[1], at[0]]);
        expect(
          await period({
            agencyId: { in: ['mon', 'gov'] },
            registeredAt: { gt: '2026-03-01T19:00:00.000Z', lte: '2026-03-02T19:00:00.000Z' },
          }),
        ).toEqual(['2026-03-02T19:00:00.000Z', at[2]]);
        expect(await period({ registeredAt: { gte: '' } })).toHaveLength(4);
      });

      it('compares strings by code point, beyond Latin too', async () => {
        // 'J' < 'И' (U+0418) < 'Ә' (U+04D8) < '李' (U+674E); a4 has no name.
        expect(await ids({ where: { 'applicant.name': { gt: 'Z' } } })).toEqual(['a1', 'a2', 'a5']);
        expect(await ids({ where: { 'applicant.name': { gte: 'Ә', lt: '李' } } })).toEqual(['a1']);
      });

      it('sorts by several keys, breaking ties with the next key', async () => {
        expect(
          await ids({
            sort: [
              ['deadline', 'asc'],
              ['regNo', 'desc'],
            ],
          }),
        ).toEqual(['a4', 'a2', 'a3', 'a1', 'a5']);
        expect(
          await ids({
            sort: [
              ['deadline', 'desc'],
              ['regNo', 'asc'],
            ],
          }),
        ).toEqual(['a5', 'a1', 'a3', 'a2', 'a4']);
      });

      it('sorts missing values first, numbers before strings, and breaks full ties by id', async () => {
        expect(await ids({ sort: [['applicant.name', 'asc']] })).toEqual(['a4', 'a3', 'a2', 'a1', 'a5']);
        expect(await ids({ sort: [['applicant.name', 'desc']] })).toEqual(['a5', 'a1', 'a2', 'a3', 'a4']);
        expect(await ids({ sort: [['priority', 'asc']] })).toEqual(['a2', 'a4', 'a1', 'a3', 'a5']);
        expect(await ids({ sort: [['agencyId', 'desc']] })).toEqual(['a1', 'a3', 'a2', 'a5', 'a4']);
      });

      it('pages with offset and limit, counting the total before paging', async () => {
        const sort: FindQuery['sort'] = [['regNo', 'asc']];
        const page = await store.find<{ regNo: string }>(APPEALS, { sort, offset: 1, limit: 2 });
        expect(page.total).toBe(5);
        expect(page.items.map((item) => item.regNo)).toEqual(['A-002', 'A-003']);

        expect(await ids({ sort, offset: 4, limit: 10 })).toEqual(['a5']);
        await expect(store.find(APPEALS, { sort, offset: 10 })).resolves.toEqual({
          items: [],
          total: 5,
          totalExact: true,
        });
        await expect(store.find(APPEALS, { limit: 0 })).resolves.toEqual({
          items: [],
          total: 5,
          totalExact: true,
        });

        const filtered = await store.find(APPEALS, {
          where: { status: { in: ['routed', 'answered'] } },
          sort,
          offset: 1,
          limit: 1,
        });
        expect(filtered.total).toBe(3);
        expect(filtered.items.map((item) => item.regNo)).toEqual(['A-004']);
      });

      it("answers findItems with find's items, for filters, sorts, offsets and limits, without a total", async () => {
        const queries: FindQuery[] = [
          {},
          { where: { status: 'registered' }, sort: [['regNo', 'desc']] },
          {
            where: { status: { in: ['routed', 'answered'] } },
            sort: [['priority', 'asc']],
            offset: 1,
            limit: 2,
          },
          { sort: [['status', 'asc']], limit: 0 },
          { where: { agencyId: 'moh' }, offset: 99 },
        ];
        for (const query of queries)
          expect(await store.findItems(APPEALS, query)).toEqual((await store.find(APPEALS, query)).items);
        expect((await store.findItems(APPEALS, queries[2])).length).toBe(2);
        expect(await store.findItems('never_written', { limit: 3 })).toEqual([]);
      });

      it('filters and sorts by the stored revision as _revision', async () => {
        expect(await ids({ where: { _revision: { gte: 7 } } })).toEqual(['a1', 'a3', 'a5']);
        expect(await ids({ sort: [['_revision', 'desc']] })).toEqual(['a1', 'a3', 'a5', 'a2', 'a4']);
      });

      it('still answers the same after indexes are declared, twice', async () => {
        await store.ensureIndex(APPEALS, ['agencyId', 'deadline']);
        await store.ensureIndex(APPEALS, ['agencyId', 'deadline']);
        await store.ensureIndex(APPEALS, ['applicant.region']);
        await store.ensureIndex(APPEALS, ['agencyId', ['deadline', 'desc']]);

        expect(
          await ids({
            where: { agencyId: 'mon' },
            sort: [
              ['deadline', 'asc'],
              ['regNo', 'asc'],
            ],
          }),
        ).toEqual(['a1', 'a3']);
        expect(await ids({ where: { 'applicant.region': '710000000' } })).toEqual(['a2', 'a5']);
      });

      it('rejects field paths and operators it cannot check', async () => {
        const bad: FindQuery[] = [
          { where: { "status') OR 1=1 --": 'x' } },
          { where: { $where: 'true' } },
          { where: { 'applicant..name': 'x' } },
          { where: { status: { ne: 'routed' } as never } },
          { where: { status: { in: 'routed' } as never } },
          { where: { priority: { gt: true } as never } },
          { sort: [['deadline; DROP TABLE views', 'asc']] },
          { sort: [['deadline', 'up' as never]] },
          { limit: -1 },
          { offset: 1.5 },
        ];
        for (const query of bad) await expectReadStoreError(store.find(APPEALS, query));
        await expectReadStoreError(store.ensureIndex(APPEALS, ['deadline)']));
        await expectReadStoreError(store.ensureIndex(APPEALS, [['deadline', 'down' as never]]));
        await expect(store.find(APPEALS)).resolves.toMatchObject({ total: 5 });
      });
    });

    boundedFindContract(() => store);
    collectionsContract(() => store);

    describe('drop', () => {
      it('removes every document of one collection and nothing else', async () => {
        await store.upsert(APPEALS, 'appeal-1', { status: 'routed' }, 5);
        await store.upsert(APPEALS, 'appeal-2', { status: 'routed' }, 5);
        await store.upsert('agency_inbox', 'appeal-1', { status: 'routed' }, 5);

        await store.drop(APPEALS);

        await expect(store.find(APPEALS)).resolves.toEqual({ items: [], total: 0, totalExact: true });
        await expect(store.get(APPEALS, 'appeal-1')).resolves.toBeNull();
        await expect(store.get('agency_inbox', 'appeal-1')).resolves.toEqual({
          status: 'routed',
          _revision: 5,
        });
      });

      it('lets a rebuild start again from revision 0', async () => {
        await store.upsert(APPEALS, 'appeal-1', { status: 'routed' }, 5);
        await store.drop(APPEALS);

        await expect(store.upsert(APPEALS, 'appeal-1', { status: 'submitted' }, 0)).resolves.toBe(true);
        await expect(store.get(APPEALS, 'appeal-1')).resolves.toEqual({ status: 'submitted', _revision: 0 });
      });

      it('accepts a collection that was never written', async () => {
        await expect(store.drop('never_written')).resolves.toBeUndefined();
      });
    });

    describe('unicode', () => {
      it('orders strings by code point, so characters beyond U+FFFF sort after U+FF01', async () => {
        // UTF-16 code units would put the emoji (0xD83D…) before the fullwidth '！' (0xFF01).
        await store.upsert('labels', 'x1', { label: '😀' }, 1);
        await store.upsert('labels', 'x2', { label: '！' }, 1);
        await store.upsert('labels', 'x3', { label: 'z' }, 1);

        const page = await store.find<{ label: string }>('labels', { sort: [['label', 'asc']] });
        expect(page.items.map((item) => item.label)).toEqual(['z', '！', '😀']);
        const range = await store.find<{ label: string }>('labels', { where: { label: { gt: '！' } } });
        expect(range.items.map((item) => item.label)).toEqual(['😀']);
      });

      it('keeps ids and values in any script exactly, and finds by them', async () => {
        const doc = {
          subject: 'Мектеп жанындағы жол — ремонт дороги у школы',
          applicant: { name: 'Сәуле Әбілқайырқызы' },
          note: '👩‍👧 «кавычки» \u0000 "quotes" \\ backslash',
          combining: 'e\u0301',
        };
        await store.upsert(APPEALS, 'өтініш-№1', doc, 1);

        await expect(store.get(APPEALS, 'өтініш-№1')).resolves.toEqual({ ...doc, _revision: 1 });
        const page = await store.find(APPEALS, { where: { 'applicant.name': 'Сәуле Әбілқайырқызы' } });
        expect(page.items).toEqual([{ ...doc, _revision: 1 }]);
        // No normalisation: the precomposed 'é' is a different string.
        await expect(store.find(APPEALS, { where: { combining: '\u00e9' } })).resolves.toMatchObject({
          total: 0,
        });
      });
    });
  });
}
