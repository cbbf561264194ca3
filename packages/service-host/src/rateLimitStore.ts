import type { ClientRateLimitInfo, Options, Store } from 'express-rate-limit';
import { Pool } from 'pg';
import { createTablesOnce, HOST_LOCK_NAMESPACE, qualifiedTable } from './pgTables';

export interface PostgresRateLimitOptions {
  /** schema of the table, normally the event store's (default 'public') */
  schema?: string;
  /**
   * what the keys of this kind of process start with (`gateway:`, `intake:`): replicas of one process share counts,
   * while the gateway and the service behind it each count a request once in their own limit
   */
  prefix: string;
}

interface Row {
  hits: number;
  reset_at: Date;
}

/**
 * express-rate-limit's `Store` in PostgreSQL (table `rate_limits`): fixed windows counted by one upsert per request,
 * on the database's clock, so every replica of a process counts a client together and a restart forgets nothing.
 * Windows ended long ago are deleted a few at a time with the increments.
 *
 * @example
 * rateLimit({ windowMs: 60_000, limit: 600, store: await createPostgresRateLimitStore(pool, { prefix: 'intake:' }) });
 */
export async function createPostgresRateLimitStore(
  pool: Pool,
  options: PostgresRateLimitOptions,
): Promise<Store> {
  const schema = options.schema ?? 'public';
  const table = qualifiedTable(schema, 'rate_limits');
  await createTablesOnce(pool, schema, HOST_LOCK_NAMESPACE.rateLimitTable, [
    `CREATE TABLE IF NOT EXISTS ${table} (key text PRIMARY KEY, hits integer NOT NULL, reset_at timestamptz NOT NULL)`,
  ]);
  let windowMs = 60_000;
  let increments = 0;
  const info = (row: Row | undefined): ClientRateLimitInfo | undefined =>
    row && { totalHits: row.hits, resetTime: row.reset_at };
  return {
    prefix: options.prefix,
    localKeys: false,
    init(middleware: Options) {
      windowMs = middleware.windowMs;
    },
    async get(key) {
      const { rows } = await pool.query<Row>(
        `SELECT hits, reset_at FROM ${table} WHERE key = $1 AND reset_at > now()`,
        [options.prefix + key],
      );
      return info(rows[0]);
    },
    async increment(key) {
      // a window that has ended starts over at this hit; the row lock serialises a client's concurrent hits
      const { rows } = await pool.query<Row>(
        `INSERT INTO ${table} AS r (key, hits, reset_at)
           VALUES ($1, 1, now() + make_interval(secs => $2::double precision / 1000))
         ON CONFLICT (key) DO UPDATE SET
           hits = CASE WHEN r.reset_at <= now() THEN 1 ELSE r.hits + 1 END,
           reset_at = CASE WHEN r.reset_at <= now() THEN excluded.reset_at ELSE r.reset_at END
         RETURNING hits, reset_at`,
        [options.prefix + key, windowMs],
      );
      if (++increments % 100 === 0)
        await pool.query(
          `DELETE FROM ${table} WHERE key IN (SELECT key FROM ${table} WHERE reset_at < now() - interval '1 hour' LIMIT 100)`,
        );
      return info(rows[0])!;
    },
    async decrement(key) {
      await pool.query(
        `UPDATE ${table} SET hits = GREATEST(hits - 1, 0) WHERE key = $1 AND reset_at > now()`,
        [options.prefix + key],
      );
    },
    async resetKey(key) {
      await pool.query(`DELETE FROM ${table} WHERE key = $1`, [options.prefix + key]);
    },
  };
}

/**
 * A rate-limit store on its own small pool, for a process that has no event store to share one with (the cluster
 * gateway): `close` ends the pool.
 */
export async function connectRateLimitStore(
  url: string,
  options: PostgresRateLimitOptions,
): Promise<{ store: Store; close(): Promise<void> }> {
  const pool = new Pool({ connectionString: url, max: 4 });
  try {
    return { store: await createPostgresRateLimitStore(pool, options), close: () => pool.end() };
  } catch (error) {
    await pool.end();
    throw error;
  }
}
