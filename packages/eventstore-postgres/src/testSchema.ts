/// <reference types="jest" />
// Tests only: a throwaway schema per test file, so runs never see each other's tables.
import { randomBytes } from 'node:crypto';
import { escapeIdentifier, Pool } from 'pg';
import { createPostgresEventStore, type PostgresEventStore } from './postgresEventStore';

export const newTestSchemaName = (): string => `es_test_${randomBytes(6).toString('hex')}`;

/** An admin pool plus a fresh schema name; call drop() in afterAll to remove every schema it handed out. */
export function testSchemas(url: string) {
  const admin = new Pool({ connectionString: url, max: 3 });
  const made: string[] = [];
  return {
    admin,
    next(): string {
      const schema = newTestSchemaName();
      made.push(schema);
      return schema;
    },
    async drop(): Promise<void> {
      for (const schema of made)
        await admin.query(`DROP SCHEMA IF EXISTS ${escapeIdentifier(schema)} CASCADE`);
      await admin.end();
    },
  };
}

/**
 * A new store in a new schema for every test of a file, on one pool for the file; registers the jest hooks that open,
 * close and drop them. Read `store` inside a test (or a later hook).
 */
export function storePerTest(url: string): { readonly pool: Pool; readonly store: PostgresEventStore } {
  const schemas = testSchemas(url);
  const pool = new Pool({ connectionString: url, max: 4 });
  let current: PostgresEventStore | undefined;
  beforeEach(async () => {
    current = await createPostgresEventStore({ pool, schema: schemas.next() });
  });
  afterEach(() => current?.close());
  afterAll(async () => {
    await pool.end();
    await schemas.drop();
  });
  return {
    pool,
    get store() {
      if (current === undefined) throw new Error('storePerTest: the store exists only inside a test');
      return current;
    },
  };
}
