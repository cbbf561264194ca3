import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import { createChainSealer } from '@appeals/chain';
import { createPostgresEventStore } from './postgresEventStore';

const url = process.env.POSTGRES_URL!;
const rounds = Number(process.argv[2] ?? 200);
const schema = `race_${randomUUID().slice(0, 8)}`;
async function main() {
  const pool = new Pool({ connectionString: url, max: 10 });
  const other = new Pool({ connectionString: url, max: 6 });
  await other.query(`CREATE SCHEMA IF NOT EXISTS ${schema}_o; CREATE TABLE IF NOT EXISTS ${schema}_o.t (x int)`);
  let stop = false;
  // other suites on the server: short and long write transactions
  const noise = Array.from({ length: 4 }, async (_, i) => {
    while (!stop) {
      const c = await other.connect();
      try { await c.query('BEGIN'); await c.query(`INSERT INTO ${schema}_o.t VALUES (1)`); await new Promise((r) => setTimeout(r, i === 0 ? 300 : Math.random() * 20)); await c.query('COMMIT'); } finally { c.release(); }
    }
  });
  let failures = 0;
  for (let r = 0; r < rounds; r++) {
    const store = await createPostgresEventStore({ pool, schema });
    // other tests' appends
    for (let k = 0; k < 3; k++) await store.append(`x-${randomUUID()}`, [{ id: randomUUID(), type: 'T', data: { k }, metadata: {} }], { expectedVersion: 'no_stream' });
    const { events } = await store.append(`s-${randomUUID()}`, Array.from({ length: 5 }, (_, i) => ({ id: randomUUID(), type: 'N', data: { i }, metadata: {} })), { expectedVersion: 'no_stream' });
    const last = events.at(-1)!.id;
    for (const deadline = Date.now() + 15_000; Date.now() < deadline; ) {
      const all = await store.readAll({ limit: 1_000_000 });
      if (all.some((e) => e.id === last)) break;
      await new Promise((res) => setTimeout(res, 25));
    }
    const one = createChainSealer({ store, chain: store.chain, batchSize: 2 });
    const two = createChainSealer({ store, chain: store.chain, batchSize: 3 });
    try {
      await Promise.all([one.sealNow(), two.sealNow()]);
    } catch (e) {
      failures++;
      console.log('ROUND', r, 'FAILED', (e as Error).message);
      const links = await pool.query(`SELECT seq, event_id, checkpoint FROM ${schema}.chain_links ORDER BY seq DESC LIMIT 8`);
      const evs = await pool.query(`SELECT event_id, transaction_id::text x, global_position FROM ${schema}.events ORDER BY transaction_id DESC, global_position DESC LIMIT 10`);
      console.log(JSON.stringify(links.rows), '\n', JSON.stringify(evs.rows));
    }
    await store.close();
  }
  stop = true; await Promise.all(noise);
  const links = await pool.query(`SELECT count(*) n, count(distinct event_id) d FROM ${schema}.chain_links`);
  console.log(JSON.stringify({ rounds, failures, ...links.rows[0] }));
  await other.query(`DROP SCHEMA ${schema}_o CASCADE; DROP SCHEMA ${schema} CASCADE`);
  await pool.end(); await other.end();
}
main().catch((e) => { console.error(e); process.exit(2); });
