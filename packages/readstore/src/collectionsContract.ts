/// <reference types="jest" />
import { isReadStoreError } from './errors';
import type { ReadStore } from './port';

/**
 * The contract of collections, run inside {@link readStoreContract}: a collection exists from its first write or its
 * first index (an adapter may give each its own table), an index declared before anything was written or before a
 * drop serves what is written after, and names are exact (case, dots and dashes tell collections apart).
 */
export function collectionsContract(store: () => ReadStore): void {
  const write = (collection: string, rows: Array<[id: string, agencyId: string, dueAt: string]>) =>
    Promise.all(rows.map(([id, agencyId, dueAt]) => store().upsert(collection, id, { agencyId, dueAt }, 1)));
  const ids = async (collection: string) =>
    (
      await store().find<{ dueAt: string }>(collection, {
        where: { agencyId: 'mon' },
        sort: [['dueAt', 'desc']],
      })
    ).items.map((item) => item.dueAt);

  describe('collections', () => {
    it('serves what is written after an index was declared on a collection that held nothing', async () => {
      await store().ensureIndex('fresh', ['agencyId', ['dueAt', 'desc']]);
      await expect(store().find('fresh')).resolves.toEqual({ items: [], total: 0, totalExact: true });

      await write('fresh', [
        ['f1', 'mon', '2026-03-01'],
        ['f2', 'moh', '2026-03-02'],
        ['f3', 'mon', '2026-03-03'],
      ]);

      await expect(ids('fresh')).resolves.toEqual(['2026-03-03', '2026-03-01']);
    });

    it('keeps the indexes declared before a drop for what is written after it', async () => {
      await store().ensureIndex('rebuilt', ['agencyId', ['dueAt', 'desc']]);
      await write('rebuilt', [['r1', 'mon', '2026-01-01']]);
      await store().drop('rebuilt');

      await write('rebuilt', [
        ['r2', 'mon', '2026-02-01'],
        ['r3', 'mon', '2026-02-02'],
      ]);

      await expect(ids('rebuilt')).resolves.toEqual(['2026-02-02', '2026-02-01']);
    });

    it('answers a collection never written with nothing, and still refuses a query it cannot check', async () => {
      await expect(store().findItems('never_written', { where: { agencyId: 'mon' } })).resolves.toEqual([]);
      const refused = await store()
        .find('never_written', { where: { $where: 'true' } })
        .then(
          () => 'resolved',
          (error: unknown) => (isReadStoreError(error) ? 'refused' : error),
        );
      expect(refused).toBe('refused');
    });

    it('tells apart collections whose names differ in case, dots or dashes', async () => {
      const names = ['Appeal_detail', 'appeal_detail', 'appeal.detail', 'appeal-detail'];
      for (const [i, name] of names.entries()) await store().upsert(name, 'same-id', { i }, 1);

      for (const [i, name] of names.entries())
        await expect(store().get(name, 'same-id')).resolves.toEqual({ i, _revision: 1 });
    });
  });
}
