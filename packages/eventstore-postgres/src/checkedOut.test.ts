import { Pool } from 'pg';
import { serverUnderTest } from '@appeals/testkit/server';
import { checkOut } from './checkedOut';

const server = serverUnderTest('POSTGRES_URL');

/** A connection lost while a client is checked out for a transaction must not end the process. */
server.describe('a checked-out PostgreSQL client', () => {
  const pool = new Pool({ connectionString: server.url, max: 2 });
  const admin = new Pool({ connectionString: server.url, max: 1 });
  afterAll(async () => {
    await pool.end();
    await admin.end();
  });

  it('hears its connection cut between two statements, fails the next one, and is destroyed at release', async () => {
    const held = await checkOut(pool);
    await held.client.query('BEGIN');
    const { rows } = await held.client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
    // the server ends this connection while no statement of it runs (as a restart does): pg emits 'error'
    await admin.query('SELECT pg_terminate_backend($1)', [rows[0]!.pid]);
    await new Promise((r) => setTimeout(r, 200));
    await expect(held.client.query('SELECT 1')).rejects.toThrow();
    held.release();
    expect(pool.totalCount).toBe(0); // destroyed, not given back
    expect((await pool.query<{ one: number }>('SELECT 1 AS one')).rows[0]!.one).toBe(1);
  });
});
