import type { IdempotencyStore, Plan, StoredResponse } from '@appeals/http';
import type { Pool } from 'pg';
import { createTablesOnce, HOST_LOCK_NAMESPACE, qualifiedTable } from './pgTables';

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
  const table = qualifiedTable(schema, 'idempotency_keys');
  const ttlMs = options.ttlMs ?? 24 * 60 * 60 * 1000;
  const now = options.now ?? Date.now;
  await createTablesOnce(pool, schema, HOST_LOCK_NAMESPACE.idempotencyTable, [
    `CREATE TABLE IF NOT EXISTS ${table} (
       key text PRIMARY KEY, response jsonb NOT NULL, expires_at timestamptz NOT NULL)`,
    // the first attempt's plan (claim), kept before its answer exists
    `ALTER TABLE ${table} ADD COLUMN IF NOT EXISTS plan jsonb`,
    `ALTER TABLE ${table} ALTER COLUMN response DROP NOT NULL`,
  ]);
  return {
    async get(key) {
      const { rows } = await pool.query<{ response: StoredResponse }>(
        `SELECT response FROM ${table} WHERE key = $1 AND expires_at > $2 AND response IS NOT NULL`,
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
    async claim(key, plan) {
      const at = new Date(now());
      // one statement: racing claims of a key serialise on its row, and all answer the plan that stayed
      const { rows } = await pool.query<{ plan: Plan }>(
        `INSERT INTO ${table} AS kept (key, plan, expires_at) VALUES ($1, $2, $3)
         ON CONFLICT (key) DO UPDATE SET
           plan = CASE WHEN kept.expires_at <= $4 OR kept.plan IS NULL THEN excluded.plan ELSE kept.plan END,
           response = CASE WHEN kept.expires_at <= $4 THEN NULL ELSE kept.response END,
           expires_at = CASE WHEN kept.expires_at <= $4 THEN excluded.expires_at ELSE kept.expires_at END
         RETURNING plan`,
        [key, JSON.stringify(plan), new Date(at.getTime() + ttlMs), at],
      );
      return rows[0]!.plan;
    },
  };
}
