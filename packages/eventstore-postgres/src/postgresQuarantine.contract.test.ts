import { Pool } from 'pg';
import { quarantineContract } from '@appeals/bus/quarantine-contract';
import { serverUnderTest } from '@appeals/testkit/server';
import { createPostgresEventStore } from './postgresEventStore';
import { testSchemas } from './testSchema';

const server = serverUnderTest('POSTGRES_URL');

server.describe('PostgreSQL quarantine (shared contract)', () => {
  const schemas = testSchemas(server.url);
  const schema = schemas.next();
  const pool = new Pool({ connectionString: server.url, max: 4 });

  afterAll(async () => {
    await pool.end();
    await schemas.drop();
  });

  quarantineContract('PostgreSQL table', async () => {
    const store = await createPostgresEventStore({ pool, schema });
    return { quarantine: store.quarantine, teardown: () => store.close() };
  });
});
