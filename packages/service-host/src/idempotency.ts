import type { IdempotencyStore, StoredResponse } from '@appeals/http';
import type { Pool } from 'pg';

/** Advisory-lock namespace of this package (the event store uses 0x4150_0001 and 0x4150_0002). */
export const HOST_LOCK_NAMESPACE = { idempotencyTable: 0x4150_0011 } as const;

const SCHEMA_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/;

export interface PostgresIdempotencyOptions {
  /** schema of the table, normally the event store's (default 'public') */
  schema?: string;
  /** how long a first answer is kept (default 24 h) */
  ttlMs?: number;
  now?: () => number;
}

/**
 * First answers by idempotency key in PostgreSQL (table `idempotency_keys`), so a retry that lands on another
 * intake replica still gets the first answer. Expired keys are ignored on read and deleted on write.
 *
 * @example
 * const idempotency = await createPostgresIdempotencyStore(store.pool, { schema: 'public' });
 */
export async function createPostgresIdempotencyStore(
  pool: Pool,
  options: PostgresIdempotencyOptions = {},
): Promise<IdempotencyStore> {
  const schema = options.schema ?? 'public';
  if (!SCHEMA_NAME.test(schema)) throw new TypeError(`schema must be a plain identifier, got ${schema}`);
  const table = `"${schema}".idempotency_keys`;
  const ttlMs = options.ttlMs ?? 24 * 60 * 60 * 1000;
  const now = options.now ?? Date.now;
  const client = await pool.connect();
  try {
    // racing starters queue on the lock: CREATE ... IF NOT EXISTS alone can still collide in the catalog
    await client.query('BEGIN');
    await client.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [
      HOST_LOCK_NAMESPACE.idempotencyTable,
      schema,
    ]);
    await client.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
    await client.query(
      `CREATE TABLE IF NOT EXISTS ${table} (
         key text PRIMARY KEY, response jsonb NOT NULL, expires_at timestamptz NOT NULL)`,
    );
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
  return {
    async get(key) {
      const { rows } = await pool.query<{ response: StoredResponse }>(
        `SELECT response FROM ${table} WHERE key = $1 AND expires_at > $2`,
        [key, new Date(now())],
      );
      return rows[0]?.response;
    },
    async put(key, response) {
      const at = new Date(now());
      await pool.query(
        `INSERT INTO ${table} (key, response, expires_at) VALUES ($1, $2, $3)
         ON CONFLICT (key) DO UPDATE SET response = excluded.response, expires_at = excluded.expires_at`,
        [key, JSON.stringify(response), new Date(at.getTime() + ttlMs)],
      );
      // a little housekeeping with each write keeps the table small without a timer
      await pool.query(
        `DELETE FROM ${table} WHERE key IN (SELECT key FROM ${table} WHERE expires_at <= $1 LIMIT 100)`,
        [at],
      );
    },
  };
}
