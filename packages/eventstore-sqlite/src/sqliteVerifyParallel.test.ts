import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import {
  createChainSealer,
  createCheckpointSigner,
  eventHash,
  generateSigningKey,
  verifyLog,
  type LogVerifyOptions,
} from '@appeals/chain';
import { createSqliteEventStore, type SqliteEventStore } from './sqliteEventStore';

/**
 * verifyLog in ranges on a worker thread that opens the file itself: the same report as the sequential run, with
 * the log tampered with at a range boundary, inside the first range and inside the last (ranges of 100 events).
 */
const signer = createCheckpointSigner(generateSigningKey().privateKeyPem);
const EVENTS = 600;
let template: string;
let dir: string;
let filename: string;

beforeAll(async () => {
  template = fs.mkdtempSync(path.join(os.tmpdir(), 'appeals-verify-template-'));
  const store = createSqliteEventStore({ filename: path.join(template, 'appeals.db') });
  const versions = new Map<string, number>();
  for (let g = 1; g <= EVENTS; g++) {
    const streamId = `appeal-${g % 37}`;
    const version = versions.get(streamId);
    await store.append(streamId, [{ id: `e-${g}`, type: 'T', data: { g }, metadata: {} }], {
      expectedVersion: version ?? 'no_stream',
    });
    versions.set(streamId, (version ?? -1) + 1);
  }
  await createChainSealer({
    store,
    chain: store.chain,
    signer,
    batchSize: 50,
    checkpointEveryEvents: 50,
  }).sealNow({
    checkpoint: true,
  });
  await store.close();
});
afterAll(() => fs.rmSync(template, { recursive: true, force: true }));

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'appeals-verify-'));
  filename = path.join(dir, 'appeals.db');
  fs.copyFileSync(path.join(template, 'appeals.db'), filename);
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

/** The attacker's raw SQL on the file. */
function tamper(sql: string, ...params: unknown[]): void {
  const db = new Database(filename);
  db.prepare(sql).run(...params);
  db.close();
}

async function bothWays(): Promise<{ sequential: unknown; inRanges: unknown; store: SqliteEventStore }> {
  const store = createSqliteEventStore({ filename, readonly: true });
  const options: LogVerifyOptions = {
    store,
    chain: store.chain,
    publicKeys: [signer.publicKey],
    batchSize: 50,
  };
  try {
    const sequential = await verifyLog({ ...options, parallel: { workers: 0 } });
    const inRanges = await verifyLog({
      ...options,
      // the worker checks every range: this thread only merges (it would finish this small log alone)
      parallel: { workers: 1, rangeSize: 100, minEvents: 0, checkHere: false },
    });
    return { sequential, inRanges, store };
  } finally {
    await store.close();
  }
}

it('a read-only file store tells a worker how to open it; an in-memory one does not', () => {
  const store = createSqliteEventStore({ filename, readonly: true });
  expect(store.workerSource).toEqual({
    module: expect.stringMatching(/chainLogSource\.ts$/),
    options: { filename },
  });
  expect(createSqliteEventStore({ filename: ':memory:' }).workerSource).toBeUndefined();
  return store.close();
});

it('verifies the untouched log on a worker thread', async () => {
  const { sequential, inRanges } = await bothWays();
  expect(sequential).toMatchObject({ ok: true, events: EVENTS, sealed: EVENTS, checkpoints: 12 });
  expect(inRanges).toEqual(sequential);
});

describe.each([
  ['the first event of a range', 201],
  ['the last event of a range', 300],
  ['inside the first range', 42],
  ['inside the last range', 577],
])('tampered at %s (global position %i): the sequential report', (_where, at) => {
  const eventAt = () => {
    const db = new Database(filename, { readonly: true });
    const row = db.prepare('SELECT * FROM events WHERE global_position = ?').get(at) as EventRow;
    db.close();
    return row;
  };

  it.each([
    ['content', () => tamper('UPDATE events SET data = ? WHERE global_position = ?', '{"g":-1}', at)],
    ['a stream link (rehashed, and its link)', () => rehashWithPrev(eventAt(), 'a'.repeat(64))],
    ['a chain link', () => tamper('UPDATE chain_links SET chain_hash = ? WHERE seq = ?', 'b'.repeat(64), at)],
    ['removed', () => tamper('DELETE FROM events WHERE global_position = ?', at)],
    [
      'reordered',
      () => {
        tamper('UPDATE events SET global_position = -1 WHERE global_position = ?', at);
        tamper('UPDATE events SET global_position = ? WHERE global_position = ?', at, at + 1);
        tamper('UPDATE events SET global_position = ? WHERE global_position = -1', at + 1);
      },
    ],
    [
      'a checkpoint signature',
      () =>
        tamper(
          'UPDATE chain_checkpoints SET signature = ? WHERE seq = ?',
          Buffer.alloc(64, 1).toString('base64'),
          Math.ceil(at / 50) * 50,
        ),
    ],
  ])('%s', async (_what, alter) => {
    alter();
    const { sequential, inRanges } = await bothWays();
    expect(sequential).toMatchObject({ ok: false });
    expect(inRanges).toEqual(sequential);
  });
});

type EventRow = Record<'event_id' | 'type' | 'stream_id' | 'time' | 'data' | 'metadata', string> & {
  stream_position: number;
};

/** Rewrites an event with another prevStreamHash and a hash over it, and its sealed link's event hash. */
function rehashWithPrev(row: EventRow, prev: string): void {
  const hash = eventHash({
    id: row.event_id,
    type: row.type,
    streamId: row.stream_id,
    streamPosition: row.stream_position,
    time: row.time,
    data: JSON.parse(row.data) as unknown,
    metadata: JSON.parse(row.metadata) as unknown,
    prevStreamHash: prev,
  });
  tamper('UPDATE events SET prev_stream_hash = ?, hash = ? WHERE event_id = ?', prev, hash, row.event_id);
  tamper('UPDATE chain_links SET event_hash = ? WHERE event_id = ?', hash, row.event_id);
}
