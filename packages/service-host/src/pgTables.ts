import type { Pool } from 'pg';
import { checkOut } from '@appeals/eventstore-postgres';

/** Advisory-lock namespaces of this package's tables (the event store uses 0x4150_0001 and 0x4150_0002). */
export const HOST_LOCK_NAMESPACE = { idempotencyTable: 0x4150_0011, rateLimitTable: 0x4150_0012 } as const;

const SCHEMA_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/;

/** `"schema".table`, refusing a schema that is not a plain identifier. */
export function qualifiedTable(schema: string, table: string): string {
  if (!SCHEMA_NAME.test(schema)) throw new TypeError(`schema must be a plain identifier, got ${schema}`);
  return `"${schema}".${table}`;
}

/**
 * Runs `ddl` (CREATE … IF NOT EXISTS) in `schema`, creating the schema first, under an advisory lock: racing starters
 * queue on the lock, since CREATE … IF NOT EXISTS alone can still collide in the catalog.
 */
export async function createTablesOnce(
  pool: Pool,
  schema: string,
  lock: number,
  ddl: string[],
): Promise<void> {
  const held = await checkOut(pool);
  const { client } = held;
  let broken: Error | undefined;
  try {
    await client.query('BEGIN');
    await client.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [lock, schema]);
    await client.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
    for (const statement of ddl) await client.query(statement);
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch((rollbackError: Error) => {
      broken = rollbackError; // a client whose rollback failed is not given back to the pool
    });
    throw error;
  } finally {
    held.release(broken);
  }
}
