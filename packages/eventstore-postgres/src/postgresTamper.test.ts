import { randomUUID } from 'node:crypto';
import { escapeIdentifier, Pool } from 'pg';
import { tamperContract, type RawRows } from '@appeals/chain/tamper';
import { serverUnderTest } from '@appeals/testkit/server';
import { migrate, migrations } from './migrations';
import { createPostgresEventStore } from './postgresEventStore';
import { testSchemas } from './testSchema';

const server = serverUnderTest('POSTGRES_URL');

/** An attacker's raw SQL on the event store's schema, on a pool of its own. */
function rawRows(pool: Pool, schema: string): RawRows {
  const s = escapeIdentifier(schema);
  const run = async (sql: string, params: unknown[]) => {
    await pool.query(sql, params);
  };
  return {
    setData: (id, data) =>
      run(`UPDATE ${s}.events SET data = $1::jsonb WHERE event_id = $2`, [JSON.stringify(data), id]),
    setType: (id, type) => run(`UPDATE ${s}.events SET type = $1 WHERE event_id = $2`, [type, id]),
    setTime: (id, time) =>
      run(`UPDATE ${s}.events SET "time" = $1::timestamptz, time_text = $1 WHERE event_id = $2`, [time, id]),
    setHashes: (id, prev, hash) =>
      run(`UPDATE ${s}.events SET prev_stream_hash = $1, hash = $2 WHERE event_id = $3`, [prev, hash, id]),
    deleteEvent: (id) => run(`DELETE FROM ${s}.events WHERE event_id = $1`, [id]),
    // the unique (stream_id, stream_position) constraint is checked per row, so go through a free position
    swapStreamPositions: async (a, b) => {
      const { rows } = await pool.query<{ event_id: string; stream_position: string }>(
        `SELECT event_id::text AS event_id, stream_position FROM ${s}.events WHERE event_id IN ($1, $2)`,
        [a, b],
      );
      const pos = new Map(rows.map((r) => [r.event_id, r.stream_position]));
      await run(`UPDATE ${s}.events SET stream_position = 1000000 WHERE event_id = $1`, [a]);
      await run(`UPDATE ${s}.events SET stream_position = $1 WHERE event_id = $2`, [pos.get(a), b]);
      await run(`UPDATE ${s}.events SET stream_position = $1 WHERE event_id = $2`, [pos.get(b), a]);
    },
    // readAll orders by (transaction_id, global_position): trade both, through a free position
    swapGlobalOrder: async (a, b) => {
      const { rows } = await pool.query<{
        event_id: string;
        global_position: string;
        transaction_id: string;
      }>(
        `SELECT event_id::text AS event_id, global_position, transaction_id::text AS transaction_id
         FROM ${s}.events WHERE event_id IN ($1, $2)`,
        [a, b],
      );
      const of = new Map(rows.map((r) => [r.event_id, r]));
      await run(`UPDATE ${s}.events SET global_position = -1 WHERE event_id = $1`, [a]);
      for (const [to, from] of [
        [b, a],
        [a, b],
      ] as const) {
        const source = of.get(from);
        await run(
          `UPDATE ${s}.events SET global_position = $1, transaction_id = $2::xid8 WHERE event_id = $3`,
          [source?.global_position, source?.transaction_id, to],
        );
      }
    },
    setLinkHashes: (seq, eventHash, chainHash) =>
      run(`UPDATE ${s}.chain_links SET event_hash = $1, chain_hash = $2 WHERE seq = $3`, [
        eventHash,
        chainHash,
        seq,
      ]),
    setCheckpointSignature: (seq, signature) =>
      run(`UPDATE ${s}.chain_checkpoints SET signature = $1 WHERE seq = $2`, [signature, seq]),
  };
}

server.describe('PostgreSQL event store: tampering with stored rows', () => {
  const schemas = testSchemas(server.url);
  const pool = new Pool({ connectionString: server.url, max: 6 });
  afterAll(async () => {
    await pool.end();
    await schemas.drop();
  });

  tamperContract('postgres', async () => {
    const schema = schemas.next();
    const store = await createPostgresEventStore({ pool, schema });
    return { store, chain: store.chain, raw: rawRows(schemas.admin, schema), teardown: () => store.close() };
  });

  it('chains the rows written before the chain existed, once, when the schema moves to version 2', async () => {
    const schema = schemas.next();
    await migrate(pool, schema, migrations.slice(0, 1));
    const s = escapeIdentifier(schema);
    for (const position of [0, 1, 2])
      await pool.query(
        `INSERT INTO ${s}.events (event_id, stream_id, stream_position, type, data, metadata, "time", time_text)
         VALUES ($1, 'appeal-legacy', $2, 'ThingHappened', $3, '{"b":1,"a":2}', now(), '2025-01-01T00:00:00Z')`,
        [randomUUID(), position, JSON.stringify({ n: position, z: { y: 1, x: 2 } })],
      );
    const store = await createPostgresEventStore({ pool, schema });
    const { verifyStreamChain } = await import('@appeals/chain');
    expect(verifyStreamChain(await store.readStream('appeal-legacy'))).toEqual({ ok: true, events: 3 });
    expect(await store.migrate()).toEqual([]);
    await store.close();
  });
});
