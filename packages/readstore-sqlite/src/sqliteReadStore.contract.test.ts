import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readStoreContract } from '@appeals/readstore/contract';
import { createSqliteReadStore } from './sqliteReadStore';

readStoreContract('sqlite file', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'readstore-sqlite-'));
  return {
    store: createSqliteReadStore({ filename: join(dir, 'views.db') }),
    teardown: async () => rmSync(dir, { recursive: true, force: true }),
  };
});

readStoreContract('sqlite in memory', async () => ({
  store: createSqliteReadStore({ filename: ':memory:' }),
}));
