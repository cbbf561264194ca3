import { randomUUID } from 'node:crypto';
import { createChainSealer, verifyLog } from '@appeals/chain';
import { serverUnderTest } from '@appeals/testkit/server';
import type { PostgresEventStore } from './postgresEventStore';
import { storePerTest } from './testSchema';

const server = serverUnderTest('POSTGRES_URL');

/**
 * readAll's order is (transaction id, global position) as numbers. The rows carry the transaction id as text
 * (`transaction_id::text AS transaction_id`), and an ORDER BY naming `transaction_id` would sort by that output column:
 * as text, where "10" comes before "9". Real transaction ids cross such a boundary (999 → 1000, 9999 → 10000) now and
 * then, which made the global chain link events out of order or twice. Here two transaction ids that differ in their
 * number of digits are set directly (as a restored or long-running server has them).
 */
server.describe('PostgreSQL readAll order across transaction ids of different lengths', () => {
  const perTest = storePerTest(server.url);
  const pool = perTest.pool;
  let store: PostgresEventStore;
  beforeEach(() => {
    store = perTest.store;
  });

  /** Three appends whose transactions get the ids 9, 10 and 100, in that order. */
  const appendedWithIds = async () => {
    const ids: string[] = [];
    for (const xid of [9, 10, 100]) {
      const [e] = (
        await store.append(`order-${randomUUID()}`, [{ id: randomUUID(), type: 'Numbered', data: { xid } }], {
          expectedVersion: 'no_stream',
        })
      ).events;
      await pool.query(`UPDATE "${store.schema}".events SET transaction_id = $1::xid8 WHERE event_id = $2`, [
        xid,
        e!.id,
      ]);
      ids.push(e!.id);
    }
    return ids;
  };

  it('reads in numeric transaction id order, from the start and page by page', async () => {
    const ids = await appendedWithIds();
    expect((await store.readAll()).map((e) => e.id)).toEqual(ids);
    const paged: string[] = [];
    for (let after: string | undefined; ; ) {
      const [e] = await store.readAll({ after, limit: 1 });
      if (e === undefined) break;
      paged.push(e.id);
      after = e.checkpoint;
    }
    expect(paged).toEqual(ids);
  });

  it('seals them in that order, one link each, and the log verifies', async () => {
    const ids = await appendedWithIds();
    await createChainSealer({ store, chain: store.chain, batchSize: 2 }).sealNow();
    const links = await store.chain.links({ afterSeq: 0, limit: 10 });
    expect(links.map((l) => l.eventId)).toEqual(ids);
    expect(await verifyLog({ store, chain: store.chain, publicKeys: [] })).toMatchObject({
      ok: true,
      sealed: 3,
    });
  });
});
