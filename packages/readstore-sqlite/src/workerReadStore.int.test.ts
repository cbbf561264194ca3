import Database from 'better-sqlite3';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createSqliteReadStore } from './sqliteReadStore';

/**
 * A read store in a file tells another thread how to open it (`workerSource`): the module and options of a
 * connection of its own to the same file, which leaves the checkpoints to the store that named it.
 */
describe("the SQLite read store's worker source", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'appeals-worker-views-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('opens the same file on a connection of its own: each sees what the other wrote', async () => {
    const filename = path.join(dir, 'views.db');
    const views = createSqliteReadStore({ filename });
    const source = views.workerSource!;
    expect(source.options).toEqual({ filename: path.resolve(filename), walCheckpoints: 'elsewhere' });
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const module = require(source.module) as typeof import('./workerReadStore');
    const other = await module.openReadStore(source.options as { filename: string });
    try {
      await views.upsert('appeal_detail', 'a1', { n: 1 }, 1);
      await other.upsert('appeal_detail', 'a2', { n: 2 }, 1);
      expect(await other.get('appeal_detail', 'a1')).toEqual({ n: 1, _revision: 1 });
      expect(await views.get('appeal_detail', 'a2')).toEqual({ n: 2, _revision: 1 });
    } finally {
      await other.close();
      await views.close();
    }
  });

  it('is absent where no other thread can open the database', async () => {
    const inMemory = createSqliteReadStore({ filename: ':memory:' });
    const db = new Database(':memory:');
    const shared = createSqliteReadStore({ db });
    expect(inMemory.workerSource).toBeUndefined();
    expect(shared.workerSource).toBeUndefined();
    await inMemory.close();
    await shared.close();
    db.close();
  });
});
