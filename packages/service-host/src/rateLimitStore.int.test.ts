import { initialised, rateLimitStoreContract } from '@appeals/http/rate-limit-contract';
import { serverUnderTest } from '@appeals/testkit/server';
import { randomBytes } from 'node:crypto';
import { Pool } from 'pg';
import { createPostgresRateLimitStore } from './rateLimitStore';

const postgres = serverUnderTest('POSTGRES_URL');

postgres.describe('the rate-limit store in PostgreSQL (replicas share the counts)', () => {
  let pool: Pool;
  const schema = `rl_${randomBytes(4).toString('hex')}`;
  beforeAll(() => {
    pool = new Pool({ connectionString: postgres.url, max: 8 });
  });
  afterAll(async () => {
    await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await pool.end();
  });

  // each open is another replica of one process: its own store object over the same table and prefix
  rateLimitStoreContract('PostgreSQL', () => ({
    open: async (windowMs) =>
      initialised(await createPostgresRateLimitStore(pool, { schema, prefix: 'intake:' }), windowMs),
  }));

  it('keeps the counts of two kinds of process apart (the gateway and a service each count a request once)', async () => {
    const gateway = await initialised(
      await createPostgresRateLimitStore(pool, { schema, prefix: 'gateway:' }),
      60_000,
    );
    const intake = await initialised(
      await createPostgresRateLimitStore(pool, { schema, prefix: 'intake:' }),
      60_000,
    );
    const key = `sub:citizen-${randomBytes(4).toString('hex')}`;
    await gateway.increment(key);
    await gateway.increment(key);
    expect((await intake.increment(key)).totalHits).toBe(1);
    expect(await gateway.get!(key)).toMatchObject({ totalHits: 2 });
  });
});
