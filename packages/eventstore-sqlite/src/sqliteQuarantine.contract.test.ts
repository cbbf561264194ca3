import { quarantineContract } from '@appeals/bus/quarantine-contract';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSqliteEventStore } from './sqliteEventStore';

quarantineContract('SQLite table', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'quarantine-'));
  const store = createSqliteEventStore({ filename: join(dir, 'appeals.db') });
  return {
    quarantine: store.quarantine,
    teardown: async () => {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
});
