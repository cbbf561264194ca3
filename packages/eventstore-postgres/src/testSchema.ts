/// <reference types="jest" />
// Tests only: a throwaway schema per test file, so runs never see each other's tables.
import { randomBytes } from 'node:crypto';
import { escapeIdentifier, Pool } from 'pg';

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
