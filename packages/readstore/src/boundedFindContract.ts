/// <reference types="jest" />
import { isReadStoreError } from './errors';
import type { FindQuery, ReadStore } from './port';

const INBOX = 'inbox';

/** Eight appeals of four agencies, with deadlines that tie, a missing one and a null one. */
const appeals: Array<[id: string, agencyId: string, dueAt: string | null | undefined, status: string]> = [
  ['b1', 'mon', '2026-03-10', 'routed'],
  ['b2', 'moh', '2026-03-05', 'registered'],
  ['b3', 'mon', '2026-03-10', 'routed'],
  ['b4', 'akimat', '2026-02-28', 'answered'],
  ['b5', 'moh', '2026-03-20', 'routed'],
  ['b6', 'mon-school', null, 'registered'],
  ['b7', 'mon-school', '2026-03-01', 'routed'],
  ['b8', 'moh', undefined, 'routed'],
];

/**
 * The contract of bounded reads, run inside {@link readStoreContract}: `find` counts at most `countLimit` matches and
 * says whether its total is exact; an `in` over many values (an agency subtree) pages in the one order of the port,
 * whichever way an adapter reads it (one index range per value, merged); indexes may be declared with a direction;
 * and a condition on a string never matches an object or an array, even where an adapter leaves out type checks.
 */
export function boundedFindContract(store: () => ReadStore): void {
  async function seed(): Promise<void> {
    for (const [ref, agencyId, dueAt, status] of appeals) {
      const doc: Record<string, unknown> = { ref, agencyId, status };
      if (dueAt !== undefined) doc.dueAt = dueAt;
      await store().upsert(INBOX, ref, doc, 1);
    }
  }

  async function ids(query: FindQuery): Promise<string[]> {
    return (await store().find<{ ref: string }>(INBOX, query)).items.map((item) => item.ref);
  }

  describe('bounded counts', () => {
    beforeEach(seed);

    it('counts every match up to the count limit, and says the total is exact', async () => {
      await expect(store().find(INBOX, { where: { agencyId: 'moh' }, countLimit: 3 })).resolves.toMatchObject(
        {
          total: 3,
          totalExact: true,
        },
      );
      await expect(store().find(INBOX, { limit: 2 })).resolves.toMatchObject({ total: 8, totalExact: true });
    });

    it('stops counting past the count limit and says the total is only a lower bound, paging on regardless', async () => {
      const found = await store().find(INBOX, { where: { status: 'routed' }, countLimit: 2 });
      expect(found).toMatchObject({ total: 2, totalExact: false });
      expect(found.items).toHaveLength(5);

      const query: FindQuery = { where: { status: 'routed' }, sort: [['dueAt', 'asc']], countLimit: 2 };
      expect(await ids({ ...query, offset: 3, limit: 5 })).toEqual(['b3', 'b5']);
    });

    it('refuses a count limit that is not a positive integer', async () => {
      for (const countLimit of [0, -1, 1.5]) {
        const outcome = await store()
          .find(INBOX, { countLimit })
          .then(
            () => 'resolved',
            (error: unknown) => (isReadStoreError(error) ? 'a ReadStoreError' : error),
          );
        expect(outcome).toBe('a ReadStoreError');
      }
    });
  });

  describe('an `in` over many values', () => {
    beforeEach(seed);

    const subtree = ['mon', 'mon-school', 'moh', 'mon', 'nowhere'];

    it('pages in the sort order across the values, a repeated value counted once', async () => {
      const query: FindQuery = { where: { agencyId: { in: subtree } }, sort: [['dueAt', 'asc']] };
      expect(await ids(query)).toEqual(['b6', 'b8', 'b7', 'b2', 'b1', 'b3', 'b5']);
      expect(await ids({ ...query, offset: 2, limit: 3 })).toEqual(['b7', 'b2', 'b1']);
      expect(await ids({ ...query, offset: 6, limit: 3 })).toEqual(['b5']);
      await expect(store().find(INBOX, { ...query, limit: 1 })).resolves.toMatchObject({
        total: 7,
        totalExact: true,
      });
      await expect(store().find(INBOX, { ...query, countLimit: 4 })).resolves.toMatchObject({
        total: 4,
        totalExact: false,
      });
    });

    it('pages newest first with ties by id, with another filter and after indexes are declared', async () => {
      await store().ensureIndex(INBOX, ['agencyId', ['dueAt', 'desc']]);
      await store().ensureIndex(INBOX, ['agencyId', 'status', ['dueAt', 'desc']]);
      const query: FindQuery = { where: { agencyId: { in: subtree } }, sort: [['dueAt', 'desc']] };

      expect(await ids(query)).toEqual(['b5', 'b1', 'b3', 'b2', 'b7', 'b6', 'b8']);
      expect(await ids({ ...query, offset: 1, limit: 2 })).toEqual(['b1', 'b3']);
      expect(await ids({ ...query, where: { ...query.where, status: 'routed' }, limit: 10 })).toEqual([
        'b5',
        'b1',
        'b3',
        'b7',
        'b8',
      ]);
      expect(
        await ids({ where: { agencyId: { in: ['nowhere', 'elsewhere'] } }, sort: [['dueAt', 'desc']] }),
      ).toEqual([]);
    });

    it('pages in the sort order across the combinations of two `in` filters', async () => {
      const query: FindQuery = {
        where: { agencyId: { in: subtree }, status: { in: ['routed', 'answered', 'closed'] } },
        sort: [['dueAt', 'asc']],
      };
      expect(await ids(query)).toEqual(['b8', 'b7', 'b1', 'b3', 'b5']);
      expect(await ids({ ...query, offset: 1, limit: 3 })).toEqual(['b7', 'b1', 'b3']);
      await expect(store().find(INBOX, { ...query, limit: 1, countLimit: 5 })).resolves.toMatchObject({
        total: 5,
        totalExact: true,
      });
    });

    it('merges values of every kind, null included, in the order of id when nothing is sorted', async () => {
      const query: FindQuery = { where: { dueAt: { in: [null, '2026-03-10', 7, true] } } };
      expect(await ids(query)).toEqual(['b1', 'b3', 'b6', 'b8']);
      await expect(store().find(INBOX, query)).resolves.toMatchObject({ total: 4, totalExact: true });
    });
  });

  describe('strings against objects and arrays', () => {
    beforeEach(async () => {
      const labels: Array<[string, unknown]> = [
        ['x1', { a: 1 }],
        ['x2', ['x']],
        ['x3', '{"a":1}'],
        ['x4', 'Z'],
        ['x5', 5],
        ['x6', true],
        ['x7', '["x"]'],
      ];
      for (const [id, label] of labels) await store().upsert('labels', id, { id, label }, 1);
    });

    const labelled = async (where: FindQuery['where']) =>
      (await store().find<{ id: string }>('labels', { where })).items.map((item) => item.id);

    it('matches a string only, never an object or array spelling it', async () => {
      expect(await labelled({ label: '{"a":1}' })).toEqual(['x3']);
      expect(await labelled({ label: '["x"]' })).toEqual(['x7']);
      expect(await labelled({ label: { in: ['{"a":1}', 'Z'] } })).toEqual(['x3', 'x4']);
    });

    it('keeps objects, arrays, numbers and booleans out of a range of strings, bounded on one side or both', async () => {
      expect(await labelled({ label: { gte: '[' } })).toEqual(['x3', 'x7']);
      expect(await labelled({ label: { lt: '[' } })).toEqual(['x4']);
      expect(await labelled({ label: { gte: 'A', lt: '[' } })).toEqual(['x4']);
      expect(await labelled({ label: { lt: '{' } })).toEqual(['x4', 'x7']);
      expect(await labelled({ label: { gt: '' } })).toEqual(['x3', 'x4', 'x7']);
    });

    it('tells numbers and booleans apart in equality', async () => {
      expect(await labelled({ label: 5 })).toEqual(['x5']);
      expect(await labelled({ label: 1 })).toEqual([]);
      expect(await labelled({ label: true })).toEqual(['x6']);
      expect(await labelled({ label: false })).toEqual([]);
    });
  });
}
