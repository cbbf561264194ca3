import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import Database from 'better-sqlite3';
import { verifyStreamChain } from '@appeals/chain';
import { tamperContract, type RawRows } from '@appeals/chain/tamper';
import { migrate, migrations } from './migrations';
import { createSqliteEventStore } from './sqliteEventStore';

/** An attacker's raw SQL on the embedded database file, on a connection of its own. */
function rawRows(db: Database.Database): RawRows {
  const run = (sql: string, ...params: unknown[]) => {
    db.prepare(sql).run(...params);
  };
  const swap = (column: 'stream_position' | 'global_position', a: string, b: string) =>
    db.transaction(() => {
      const get = db.prepare<[string], { v: number }>(`SELECT ${column} AS v FROM events WHERE event_id = ?`);
      const va = get.get(a)?.v;
      const vb = get.get(b)?.v;
      run(`UPDATE events SET ${column} = -1000000 WHERE event_id = ?`, a);
      run(`UPDATE events SET ${column} = ? WHERE event_id = ?`, va, b);
      run(`UPDATE events SET ${column} = ? WHERE event_id = ?`, vb, a);
    })();
  return {
    setData: async (id, data) =>
      run('UPDATE events SET data = ? WHERE event_id = ?', JSON.stringify(data), id),
    setType: async (id, type) => run('UPDATE events SET type = ? WHERE event_id = ?', type, id),
    setTime: async (id, time) => run('UPDATE events SET time = ? WHERE event_id = ?', time, id),
    setHashes: async (id, prev, hash) =>
      run('UPDATE events SET prev_stream_hash = ?, hash = ? WHERE event_id = ?', prev, hash, id),
    deleteEvent: async (id) => run('DELETE FROM events WHERE event_id = ?', id),
    swapStreamPositions: async (a, b) => swap('stream_position', a, b),
    swapGlobalOrder: async (a, b) => swap('global_position', a, b),
    setLinkHashes: async (seq, eventHash, chainHash) =>
      run('UPDATE chain_links SET event_hash = ?, chain_hash = ? WHERE seq = ?', eventHash, chainHash, seq),
    setCheckpointSignature: async (seq, signature) =>
      run('UPDATE chain_checkpoints SET signature = ? WHERE seq = ?', signature, seq),
  };
}

tamperContract('sqlite file', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'appeals-tamper-'));
  const filename = path.join(dir, 'appeals.db');
  const store = createSqliteEventStore({ filename });
  const attacker = new Database(filename);
  return {
    store,
    chain: store.chain,
    raw: rawRows(attacker),
    teardown: async () => {
      attacker.close();
      await store.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
});

it('chains the rows written before the chain existed, once, when the schema moves to version 2', async () => {
  const db = new Database(':memory:');
  migrate(db, migrations.slice(0, 1));
  const insert = db.prepare(
    `INSERT INTO events (event_id, stream_id, stream_position, type, data, metadata, time) VALUES (?, ?, ?, ?, ?, ?, ?)`,
  );
  for (const position of [0, 1, 2])
    insert.run(
      randomUUID(),
      'appeal-legacy',
      position,
      'ThingHappened',
      `{"n":${position}}`,
      '{}',
      '2025-01-01T00:00:00Z',
    );
  migrate(db);
  const rows = db.prepare<[], { hash: string | null }>('SELECT hash FROM events').all();
  expect(rows.every((r) => r.hash !== null)).toBe(true);
  // the rows as a store would read them: the chain verifies
  const events = db
    .prepare<
      [],
      {
        event_id: string;
        type: string;
        data: string;
        metadata: string;
        time: string;
        stream_position: number;
        prev_stream_hash: string | null;
        hash: string;
      }
    >('SELECT * FROM events ORDER BY stream_position')
    .all()
    .map((r) => ({
      id: r.event_id,
      type: r.type,
      data: JSON.parse(r.data) as unknown,
      metadata: JSON.parse(r.metadata) as Record<string, unknown>,
      time: r.time,
      streamId: 'appeal-legacy',
      streamPosition: r.stream_position,
      globalPosition: r.stream_position + 1,
      checkpoint: String(r.stream_position + 1),
      prevStreamHash: r.prev_stream_hash,
      hash: r.hash,
    }));
  expect(verifyStreamChain(events)).toEqual({ ok: true, events: 3 });
  db.close();
});

describe('opening read-only (verifiers)', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'appeals-readonly-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('never migrates: a file at an older schema is refused, not rewritten', () => {
    const filename = path.join(dir, 'old.db');
    const db = new Database(filename);
    migrate(db, migrations.slice(0, 1));
    db.close();
    expect(() => createSqliteEventStore({ filename, readonly: true })).toThrow(
      /schema is at version 1, not 2/,
    );
    const after = new Database(filename);
    expect(after.prepare('SELECT MAX(version) AS v FROM schema_migrations').get()).toEqual({ v: 1 });
    after.close();
  });

  it('reads a current file and refuses to append to it', async () => {
    const filename = path.join(dir, 'current.db');
    const writer = createSqliteEventStore({ filename });
    await writer.append('appeal-1', [{ id: randomUUID(), type: 'T', data: {} }], {
      expectedVersion: 'no_stream',
    });
    await writer.close();
    const reader = createSqliteEventStore({ filename, readonly: true });
    expect(await reader.readStream('appeal-1')).toHaveLength(1);
    // better-sqlite3's errors come from another realm than jest's, so compare the text rather than use toThrow
    const refused: unknown = await reader
      .append('appeal-2', [{ id: randomUUID(), type: 'T', data: {} }], { expectedVersion: 'no_stream' })
      .then(
        () => 'appended',
        (error: unknown) => error,
      );
    expect(String(refused)).toMatch(/readonly database/);
    await reader.close();
  });
});
