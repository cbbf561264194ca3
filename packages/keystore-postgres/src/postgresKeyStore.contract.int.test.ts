import { serverUnderTest } from '@appeals/testkit/server';
import { randomBytes } from 'node:crypto';
import { escapeIdentifier, Pool } from 'pg';
import { keyStoreContract } from '@appeals/personal-data/contract';
import { createPostgresKeyStore } from './postgresKeyStore';

const server = serverUnderTest('POSTGRES_URL');

server.describe('PostgreSQL key store (shared contract)', () => {
  const pool = new Pool({ connectionString: server.url, max: 5 });
  const schemas: string[] = [];
  afterAll(async () => {
    for (const schema of schemas)
      await pool.query(`DROP SCHEMA IF EXISTS ${escapeIdentifier(schema)} CASCADE`);
    await pool.end();
  });

  // an empty schema per test (the rotation test re-wraps every key in the store)
  keyStoreContract('postgres', () => {
    const schema = `pii_test_${randomBytes(6).toString('hex')}`;
    schemas.push(schema);
    return createPostgresKeyStore({ pool, schema });
  });
});
