import { fork, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { isConcurrencyError, startSubscription, type NewEvent } from '@appeals/eventstore';
import { eventStoreContract } from '@appeals/eventstore/contract';
import { appliedVersions, migrate, migrations } from './migrations';
import { createSqliteCheckpointStore, createSqliteEventStore } from './sqliteEventStore';

const tempDir = () => fs.mkdtempSync(path.join(os.tmpdir(), 'appeals-eventstore-'));
const event = (type = 'ThingHappened', data: unknown = {}): NewEvent => ({ id: randomUUID(), type, data });

eventStoreContract('sqlite file', async () => {
  const dir = tempDir();
  const store = createSqliteEventStore({ filename: path.join(dir, 'events.db') });
  return {
    store,
    checkpoints: store.checkpoints,
    chain: store.chain,
    teardown: async () => {
      await store.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
});

eventStoreContract('sqlite :memory:', async () => {
  const store = createSqliteEventStore({ filename: ':memory:' });
  return { store, checkpoints: store.checkpoints, chain: store.chain };
});

describe('SQLite event store', () => {
  let dir: string;
  let filename: string;
  beforeEach(() => {
    dir = tempDir();
    filename = path.join(dir, 'nested', 'deeper', 'appeals.db');
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  describe('opening a file', () => {
    it('creates the parent directories', async () => {
      const store = createSqliteEventStore({ filename });
      await store.close();
      expect(fs.existsSync(filename)).toBe(true);
    });

    it('runs in WAL mode with synchronous NORMAL and a busy timeout', async () => {
      const store = createSqliteEventStore({ filename, busyTimeoutMs: 1234 });
      expect(store.db.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(store.db.pragma('synchronous', { simple: true })).toBe(1);
      expect(store.db.pragma('busy_timeout', { simple: true })).toBe(1234);
      await store.close();
    });

    it('records every migration once, however often the file is opened', async () => {
      const first = createSqliteEventStore({ filename });
      await first.close();
      const second = createSqliteEventStore({ filename });
      migrate(second.db);
      expect(appliedVersions(second.db)).toEqual(migrations.map((m) => m.version));
      await second.close();
    });

    it('leaves other components’ migrations in the shared table alone', async () => {
      const store = createSqliteEventStore({ filename });
      store.db
        .prepare(
          "INSERT INTO schema_migrations (scope, version, name, applied_at) VALUES ('readstore', 1, 'views', 'now')",
        )
        .run();
      migrate(store.db);
      expect(appliedVersions(store.db)).toEqual([1, 2]);
      // the store's own quarantine table keeps its history under its own scope too
      expect(
        store.db
          .prepare('SELECT scope, COUNT(*) AS n FROM schema_migrations GROUP BY scope ORDER BY scope')
          .all(),
      ).toEqual([
        { scope: 'eventstore', n: 2 },
        { scope: 'quarantine', n: 1 },
        { scope: 'readstore', n: 1 },
      ]);
      await store.close();
    });
  });

  describe('after close and reopen', () => {
    it('still has every event, revision and checkpoint, and continues the positions', async () => {
      const before = createSqliteEventStore({ filename });
      const appended = await before.append(
        'appeal-1',
        [event('AppealSubmitted', { text: 'Өтініш' }), event('AppealRegistered')],
        {
          expectedVersion: 'no_stream',
        },
      );
      await before.checkpoints.save('relay', appended.events[1]?.checkpoint as string);
      await before.close();

      const after = createSqliteEventStore({ filename });
      expect(await after.readStream('appeal-1')).toEqual(appended.events);
      expect(await after.checkpoints.load('relay')).toBe(appended.events[1]?.checkpoint);
      const next = await after.append('appeal-1', [event()], { expectedVersion: 1 });
      expect(next.events[0]?.streamPosition).toBe(2);
      expect(next.events[0]?.globalPosition).toBe(3);
      await expect(after.append('appeal-1', [event()], { expectedVersion: 1 })).rejects.toMatchObject({
        code: 'EVENTSTORE.CONCURRENCY',
      });
      await after.close();
    });

    it('can be closed twice', async () => {
      const store = createSqliteEventStore({ filename });
      await store.close();
      await store.close();
    });
  });

  describe('two instances on one file', () => {
    it('let exactly one of two appends with the same expected version win', async () => {
      const a = createSqliteEventStore({ filename });
      const b = createSqliteEventStore({ filename });
      await a.append('appeal-7', [event()], { expectedVersion: 'no_stream' });

      const results = await Promise.allSettled([
        a.append('appeal-7', [event('FromA')], { expectedVersion: 0 }),
        b.append('appeal-7', [event('FromB')], { expectedVersion: 0 }),
      ]);
      expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
      const lost = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
      expect(isConcurrencyError(lost?.reason)).toBe(true);
      expect(await a.readStream('appeal-7')).toEqual(await b.readStream('appeal-7'));
      expect(await b.readStream('appeal-7')).toHaveLength(2);
      await Promise.all([a.close(), b.close()]);
    });

    it('let exactly one create a stream with no_stream, and see each other’s idempotent replays', async () => {
      const a = createSqliteEventStore({ filename });
      const b = createSqliteEventStore({ filename });
      const events = [event(), event()];
      await a.append('appeal-8', events, { expectedVersion: 'no_stream' });
      await expect(b.append('appeal-8', [event()], { expectedVersion: 'no_stream' })).rejects.toMatchObject({
        actual: 1,
      });
      const replay = await b.append('appeal-8', events, { expectedVersion: 'no_stream' });
      expect(replay.idempotentReplay).toBe(true);
      expect(await a.readAll()).toHaveLength(2);
      await Promise.all([a.close(), b.close()]);
    });

    // onAppended is in-process only; a subscription on another connection finds the events by polling.
    it('reach a subscription on the other instance by polling', async () => {
      const writer = createSqliteEventStore({ filename });
      const reader = createSqliteEventStore({ filename });
      const woken = jest.fn();
      const unsubscribe = reader.onAppended(woken);
      const handled: string[] = [];
      const sub = startSubscription({
        store: reader,
        checkpoints: reader.checkpoints,
        subscriptionId: 'projections',
        pollIntervalMs: 10,
        handler: (e) => void handled.push(e.id),
      });
      await sub.caughtUp();
      const { events } = await writer.append('appeal-9', [event()], { expectedVersion: 'no_stream' });
      const deadline = Date.now() + 5000;
      while (handled.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
      await sub.stop();
      unsubscribe();

      expect(handled).toEqual([events[0]?.id]);
      expect(woken).not.toHaveBeenCalled();
      expect(await writer.checkpoints.load('projections')).toBe(events[0]?.checkpoint);
      await Promise.all([writer.close(), reader.close()]);
    });

    it('wait for a writer holding the lock, and fail cleanly after the busy timeout', async () => {
      const store = createSqliteEventStore({ filename, busyTimeoutMs: 50 });
      const other = new Database(filename);
      other.exec('BEGIN IMMEDIATE');
      await expect(
        store.append('appeal-10', [event()], { expectedVersion: 'no_stream' }),
      ).rejects.toMatchObject({ code: 'SQLITE_BUSY' });
      other.exec('ROLLBACK');
      other.close();

      const result = await store.append('appeal-10', [event()], { expectedVersion: 'no_stream' });
      expect(result.events[0]?.streamPosition).toBe(0);
      expect(await store.readAll()).toHaveLength(1);
      await store.close();
    });
  });

  describe('several processes racing on one file', () => {
    const spawnRacer = (runId: string, rounds: number, appends: number): ChildProcess =>
      fork(path.join(__dirname, 'appendRace.child.cjs'), [filename, runId, String(rounds), String(appends)], {
        stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      });

    const nextMessage = <T>(child: ChildProcess) =>
      new Promise<T>((resolve, reject) => {
        child.once('message', (m) => resolve(m as T));
        child.once('exit', (code) => reject(new Error(`racer exited with ${String(code)}`)));
      });

    it('never lets two writers win the same expected version', async () => {
      const setup = createSqliteEventStore({ filename });
      const rounds = 20;
      const appends = 15;
      const racers = [0, 1, 2].map(() => spawnRacer('race', rounds, appends));
      await Promise.all(racers.map((r) => nextMessage<string>(r)));
      const results = racers.map((r) =>
        nextMessage<{ ok: boolean; error?: string; wonRounds: number[]; appended: string[] }>(r),
      );
      racers.forEach((r) => r.send('go'));
      const reports = await Promise.all(results);
      await Promise.all(
        racers.map((r) =>
          r.exitCode === null ? new Promise((resolve) => r.once('exit', resolve)) : undefined,
        ),
      );

      expect(reports.filter((r) => !r.ok).map((r) => r.error)).toEqual([]);
      const wins = reports.flatMap((r) => r.wonRounds).sort((x, y) => x - y);
      expect(wins).toEqual(Array.from({ length: rounds }, (_, i) => i));

      const counter = await setup.readStream('race-counter');
      expect(counter.map((e) => e.streamPosition)).toEqual(Array.from({ length: 3 * appends }, (_, i) => i));
      expect(new Set(counter.map((e) => e.id))).toEqual(new Set(reports.flatMap((r) => r.appended)));
      const globals = (await setup.readAll()).map((e) => e.globalPosition);
      expect(globals).toEqual(Array.from({ length: rounds + 3 * appends }, (_, i) => i + 1));
      await setup.close();
    }, 60_000);
  });

  describe('checkpoints', () => {
    it('share the store’s connection whether made from the store or its handle', async () => {
      const store = createSqliteEventStore({ filename: ':memory:' });
      await createSqliteCheckpointStore(store).save('relay', '5');
      expect(await createSqliteCheckpointStore(store.db).load('relay')).toBe('5');
      expect(await store.checkpoints.load('relay')).toBe('5');
      await store.close();
    });

    it('work on a bare connection by migrating it first', async () => {
      const db = new Database(':memory:');
      const checkpoints = createSqliteCheckpointStore(db);
      await checkpoints.save('audit', '12');
      expect(db.prepare('SELECT subscription_id, checkpoint FROM checkpoints').all()).toEqual([
        { subscription_id: 'audit', checkpoint: '12' },
      ]);
      db.close();
    });
  });

  describe('stored rows', () => {
    it('keep data and metadata as JSON text in the documented columns', async () => {
      const store = createSqliteEventStore({ filename: ':memory:' });
      await store.append(
        'appeal-2',
        [
          {
            id: 'e-1',
            type: 'AppealSubmitted',
            data: { a: 'ә' },
            metadata: { service: 'intake' },
            time: '2024-01-01T00:00:00.000Z',
          },
        ],
        {
          expectedVersion: 'no_stream',
        },
      );
      expect(store.db.prepare('SELECT * FROM events').get()).toEqual({
        global_position: 1,
        event_id: 'e-1',
        stream_id: 'appeal-2',
        stream_position: 0,
        type: 'AppealSubmitted',
        data: '{"a":"ә"}',
        metadata: '{"service":"intake"}',
        time: '2024-01-01T00:00:00.000Z',
        prev_stream_hash: null,
        hash: expect.stringMatching(/^[0-9a-f]{64}$/),
      });
      await store.close();
    });
  });
});
