import { idempotencyStoreContract } from '@appeals/http/idempotency-contract';
import { serverUnderTest } from '@appeals/testkit/server';
import { randomBytes } from 'node:crypto';
import { Pool } from 'pg';
import { createPostgresIdempotencyStore } from './idempotency';

const postgres = serverUnderTest('POSTGRES_URL');

postgres.describe('the idempotency store in PostgreSQL (replicas share answers and plans)', () => {
  let pool: Pool;
  const schema = `idem_${randomBytes(4).toString('hex')}`;
  beforeAll(() => {
    pool = new Pool({ connectionString: postgres.url, max: 8 });
  });
  afterAll(async () => {
    await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await pool.end();
  });

  // each open is another replica: its own store object over the same table
  idempotencyStoreContract('PostgreSQL', () => ({
    open: ({ ttlMs, now }) => createPostgresIdempotencyStore(pool, { schema, ttlMs, now }),
  }));

  it('takes over a table of the earlier shape (answers only, response NOT NULL)', async () => {
    const old = `idem_old_${randomBytes(4).toString('hex')}`;
    await pool.query(`CREATE SCHEMA "${old}"`);
    await pool.query(
      `CREATE TABLE "${old}".idempotency_keys (key text PRIMARY KEY, response jsonb NOT NULL, expires_at timestamptz NOT NULL)`,
    );
    try {
      const store = await createPostgresIdempotencyStore(pool, { schema: old });
      expect(await store.claim('k', { appealId: 'a' })).toEqual({ appealId: 'a' });
      expect(await store.get('k')).toBeUndefined();
    } finally {
      await pool.query(`DROP SCHEMA "${old}" CASCADE`);
    }
  });
});
