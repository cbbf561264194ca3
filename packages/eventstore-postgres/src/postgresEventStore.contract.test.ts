import { Pool } from 'pg';
import { eventStoreContract } from '@appeals/eventstore/contract';
import { createPostgresEventStore } from './postgresEventStore';
import { serverUnderTest } from '@appeals/testkit/server';
import { testSchemas } from './testSchema';

const server = serverUnderTest('POSTGRES_URL');
const url = server.url;

server.describe('PostgreSQL event store (shared contract)', () => {
  const schemas = testSchemas(url);
  const schema = schemas.next();
  // One pool for the file; each test gets a new store object on it (migrating is a no-op after the first).
  const pool = new Pool({ connectionString: url, max: 10 });

  afterAll(async () => {
    await pool.end();
    await schemas.drop();
  });

  eventStoreContract('postgres', async () => {
    const store = await createPostgresEventStore({ pool, schema });
    return { store, checkpoints: store.checkpoints, chain: store.chain };
  });
});
