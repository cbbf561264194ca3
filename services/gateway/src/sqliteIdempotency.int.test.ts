import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSqliteEventStore, type SqliteEventStore } from '@appeals/eventstore-sqlite';
import { idempotencyStoreContract } from '@appeals/http/idempotency-contract';
import request from 'supertest';
import { createEmbeddedSystem } from './embedded';
import { createSqliteIdempotencyStore } from './sqliteIdempotency';

// the embedded default: answers and plans in the log's file, which outlives the process (each open is another
// connection to the same file, as a restarted process is)
idempotencyStoreContract('SQLite (the embedded log file)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'idempotency-'));
  const opened: SqliteEventStore[] = [];
  return {
    open: async ({ ttlMs, now }) => {
      const store = createSqliteEventStore({ filename: join(dir, 'appeals.db') });
      opened.push(store);
      return createSqliteIdempotencyStore(store.db, { ttlMs, now });
    },
    teardown: async () => {
      for (const store of opened) await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
});

describe('a filing retried after the embedded system restarted', () => {
  const silent = { error: () => undefined, warn: () => undefined };
  let dataDir: string;
  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'appeals-idempotent-restart-'));
  });
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  /** Files the appeal with `key` on a system started over the folder, then stops it. */
  async function fileOnce(key: string) {
    const system = createEmbeddedSystem({ dataDir, logger: silent });
    await system.start();
    try {
      const token = await request(system.app)
        .post('/api/v1/auth/dev-token')
        .send({ role: 'applicant', sub: 'citizen-1' });
      const reply = await request(system.app)
        .post('/api/v1/appeals')
        .set('authorization', `Bearer ${(token.body as { token: string }).token}`)
        .set('idempotency-key', key)
        .send({
          kind: 'application',
          categoryId: 'housing_utilities',
          regionKato: '751510000',
          language: 'ru',
          subject: 'Нет отопления',
          text: 'В доме по улице Тимирязева третью неделю нет отопления.',
          applicant: { type: 'individual', fullName: 'Айгерим Садыкова' },
        });
      await system.settled();
      const mine = await request(system.app)
        .get('/api/v1/me/appeals')
        .set('authorization', `Bearer ${(token.body as { token: string }).token}`);
      return {
        status: reply.status,
        id: (reply.body as { id: string }).id,
        mine: mine.body as { items: unknown[] },
      };
    } finally {
      await system.stop();
    }
  }

  it('answers the appeal the first attempt filed, and files nothing new', async () => {
    const first = await fileOnce('retry-after-restart-1');
    const again = await fileOnce('retry-after-restart-1');
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(again.id).toBe(first.id);
    expect(again.mine.items).toHaveLength(1);
  });
});
