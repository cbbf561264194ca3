import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import {
  AppendListeners,
  assertExpectedVersion,
  checkpointOfGlobalPosition,
  detectIdempotentReplay,
  encodeJson,
  normalizeReadAllOptions,
  normalizeReadStreamOptions,
  revisionAsNumber,
  validateAppend,
  type AppendResult,
  type CheckpointStore,
  type EventMetadata,
  type EventStore,
  type ExpectedVersion,
  type StoredEvent,
  type StreamRevision,
} from '@appeals/eventstore';
import { migrate } from './migrations';

export interface SqliteEventStoreOptions {
  /** database file, created with its parent directory if missing; ':memory:' for a private throwaway database */
  filename: string;
  /** how long a writer waits for another connection's lock before failing with SQLITE_BUSY (default 5000 ms) */
  busyTimeoutMs?: number;
  /** clock for events appended without a time (default: the system clock) */
  now?: () => Date;
}

/** The SQLite event store: the EventStore port plus the checkpoints and the handle it shares them through. */
export interface SqliteEventStore extends EventStore {
  /** subscription checkpoints kept in the same database, so they sit next to the events they point into */
  readonly checkpoints: CheckpointStore;
  /** the underlying connection, for components that keep their own tables in the same file */
  readonly db: Database.Database;
}

interface EventRow {
  global_position: number;
  event_id: string;
  stream_id: string;
  stream_position: number;
  type: string;
  data: string;
  metadata: string;
  time: string;
}

/** An append ready for the insert statement, serialised before the transaction starts. */
interface PreparedEvent {
  id: string;
  type: string;
  data: string;
  metadata: string;
  time: string;
}

const toStoredEvent = (row: EventRow): StoredEvent => ({
  id: row.event_id,
  type: row.type,
  data: JSON.parse(row.data) as unknown,
  metadata: JSON.parse(row.metadata) as EventMetadata,
  time: row.time,
  streamId: row.stream_id,
  streamPosition: row.stream_position,
  globalPosition: row.global_position,
  checkpoint: checkpointOfGlobalPosition(row.global_position),
});

const asIdentity = (row: EventRow) => ({
  id: row.event_id,
  streamId: row.stream_id,
  streamPosition: row.stream_position,
  row,
});

/** SQLite's LIMIT takes -1 for "no limit". */
const sqlLimit = (limit: number): number => (Number.isFinite(limit) ? limit : -1);

const isInMemory = (filename: string) => filename === ':memory:' || filename === '';

/** Opens (and creates) the database with the settings the event store relies on, and migrates it. */
export function openEventStoreDatabase(filename: string, busyTimeoutMs = 5000): Database.Database {
  if (!isInMemory(filename)) fs.mkdirSync(path.dirname(path.resolve(filename)), { recursive: true });
  const db = new Database(filename, { timeout: busyTimeoutMs });
  try {
    // WAL lets readers (subscriptions, other processes) run while one writer appends.
    db.pragma('journal_mode = WAL');
    // NORMAL in WAL mode: a power cut may lose the last commits but never corrupts the file.
    db.pragma('synchronous = NORMAL');
    db.pragma(`busy_timeout = ${Math.max(0, Math.trunc(busyTimeoutMs))}`);
    migrate(db);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

/**
 * Subscription checkpoints in an event store's database; pass the store or a connection to it.
 *
 * @example
 * const checkpoints = createSqliteCheckpointStore(store); // same handle as store.db
 */
export function createSqliteCheckpointStore(
  source: Database.Database | { db: Database.Database },
): CheckpointStore {
  const db = 'prepare' in source ? source : source.db;
  migrate(db);
  const select = db.prepare<[string], { checkpoint: string }>(
    'SELECT checkpoint FROM checkpoints WHERE subscription_id = ?',
  );
  const upsert = db.prepare<[string, string, string]>(
    `INSERT INTO checkpoints (subscription_id, checkpoint, updated_at) VALUES (?, ?, ?)
     ON CONFLICT (subscription_id) DO UPDATE SET checkpoint = excluded.checkpoint, updated_at = excluded.updated_at`,
  );
  return {
    async load(subscriptionId) {
      return select.get(subscriptionId)?.checkpoint;
    },
    async save(subscriptionId, checkpoint) {
      upsert.run(subscriptionId, checkpoint, new Date().toISOString());
    },
  };
}

/**
 * The EventStore port on one SQLite file (better-sqlite3, WAL). Each append is one IMMEDIATE
 * transaction, so the version check holds across every connection and process using the file,
 * and global positions grow in commit order (SQLite has a single writer).
 *
 * @example
 * const store = createSqliteEventStore({ filename: './data/appeals.db' });
 * await store.append(appealStream(id), events, { expectedVersion: 'no_stream' });
 * const relay = startSubscription({ store, checkpoints: store.checkpoints, subscriptionId: 'relay', handler });
 */
export function createSqliteEventStore(options: SqliteEventStoreOptions): SqliteEventStore {
  const now = options.now ?? (() => new Date());
  const db = openEventStoreDatabase(options.filename, options.busyTimeoutMs);
  const listeners = new AppendListeners();

  const selectByIds = db.prepare<[string], EventRow>(
    'SELECT * FROM events WHERE event_id IN (SELECT value FROM json_each(?)) ORDER BY global_position',
  );
  const selectRevision = db.prepare<[string], { revision: number | null }>(
    'SELECT MAX(stream_position) AS revision FROM events WHERE stream_id = ?',
  );
  const insert = db.prepare<
    [string, string, number, string, string, string, string],
    Pick<EventRow, 'global_position'>
  >(
    `INSERT INTO events (event_id, stream_id, stream_position, type, data, metadata, time)
     VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING global_position`,
  );
  const selectStream = db.prepare<[string, number, number], EventRow>(
    'SELECT * FROM events WHERE stream_id = ? AND stream_position >= ? ORDER BY stream_position LIMIT ?',
  );
  const selectAll = db.prepare<[number, number], EventRow>(
    'SELECT * FROM events WHERE global_position > ? ORDER BY global_position LIMIT ?',
  );

  const appendInTransaction = db.transaction(
    (
      streamId: string,
      events: PreparedEvent[],
      expectedVersion: ExpectedVersion,
    ): AppendResult & { written: boolean } => {
      if (events.length > 0) {
        const stored = selectByIds.all(JSON.stringify(events.map((e) => e.id))).map(asIdentity);
        const replayed = detectIdempotentReplay(streamId, events, stored);
        if (replayed !== undefined) {
          const last = replayed[replayed.length - 1] as (typeof replayed)[number];
          return {
            nextExpectedVersion: last.streamPosition,
            idempotentReplay: true,
            events: replayed.map((r) => toStoredEvent(r.row)),
            written: false,
          };
        }
      }

      const max = selectRevision.get(streamId)?.revision ?? null;
      const revision: StreamRevision = max === null ? 'no_stream' : max;
      assertExpectedVersion(streamId, expectedVersion, revision);
      if (events.length === 0)
        return {
          nextExpectedVersion: revisionAsNumber(revision),
          idempotentReplay: false,
          events: [],
          written: false,
        };

      const first = revision === 'no_stream' ? 0 : revision + 1;
      const written = events.map((e, i): EventRow => {
        const { global_position } = insert.get(
          e.id,
          streamId,
          first + i,
          e.type,
          e.data,
          e.metadata,
          e.time,
        ) as Pick<EventRow, 'global_position'>;
        return {
          global_position,
          event_id: e.id,
          stream_id: streamId,
          stream_position: first + i,
          type: e.type,
          data: e.data,
          metadata: e.metadata,
          time: e.time,
        };
      });
      return {
        nextExpectedVersion: first + events.length - 1,
        idempotentReplay: false,
        events: written.map(toStoredEvent),
        written: true,
      };
    },
  );

  const notify = () => listeners.notify();

  return {
    db,
    checkpoints: createSqliteCheckpointStore(db),

    async append(streamId, events, { expectedVersion }) {
      validateAppend(streamId, events, expectedVersion);
      // Serialise before taking the write lock, so a bad payload fails fast and holds nothing.
      const prepared: PreparedEvent[] = events.map((e) => ({
        id: e.id,
        type: e.type,
        data: encodeJson(e.data),
        metadata: encodeJson(e.metadata ?? {}),
        time: e.time ?? now().toISOString(),
      }));
      // IMMEDIATE takes the write lock before reading the revision, so no other connection can slip in between.
      const { written, ...result } = appendInTransaction.immediate(streamId, prepared, expectedVersion);
      if (written) notify();
      return result;
    },

    async readStream(streamId, readOptions) {
      const { fromPosition, maxCount } = normalizeReadStreamOptions(readOptions);
      return selectStream.all(streamId, fromPosition, sqlLimit(maxCount)).map(toStoredEvent);
    },

    async readAll(readOptions) {
      const { afterPosition, limit } = normalizeReadAllOptions(readOptions);
      return selectAll.all(afterPosition, sqlLimit(limit)).map(toStoredEvent);
    },

    onAppended(listener) {
      return listeners.add(listener);
    },

    async close() {
      listeners.clear();
      if (db.open) db.close();
    },
  };
}
