import fs from 'node:fs';
import path from 'node:path';
import { startWalCheckpointer } from '@appeals/sqlite-wal';
import Database from 'better-sqlite3';
import type {
  ChainLogSource,
  ChainRecord,
  ChainStore,
  ChainTextRecord,
  StreamChainFields,
} from '@appeals/chain';
import {
  AppendListeners,
  appendWithSteps,
  checkpointOfGlobalPosition,
  normalizeReadStreamOptions,
  prepareEvents,
  validateAppend,
  type AppendSteps,
  type CheckpointStore,
  type EventMetadata,
  type EventStore,
  type ExpectedVersion,
  type PreparedEvent,
  type ReadAllOptions,
  type StoredEvent,
} from '@appeals/eventstore';
import { appliedVersions, migrate, migrations, type EventRowV1 } from './migrations';
import { createSqliteChainStore, sqlLimit } from './sqliteChainStore';
import { sqliteLogReaders } from './sqliteRecords';
import { createSqliteQuarantine } from './sqliteQuarantine';
import type { Quarantine } from '@appeals/bus';

export interface SqliteEventStoreOptions {
  /** database file, created with its parent directory if missing; ':memory:' for a private throwaway database */
  filename: string;
  /** how long a writer waits for another connection's lock before failing with SQLITE_BUSY (default 5000 ms) */
  busyTimeoutMs?: number;
  /** clock for events appended without a time (default: the system clock) */
  now?: () => Date;
  /**
   * open an existing file read-only, without migrating it (verifiers: a migration could rewrite rows); appends
   * then fail. The file must be at the latest schema version.
   */
  readonly?: boolean;
}

/** The SQLite event store: the EventStore port plus the checkpoints and the handle it shares them through. */
export interface SqliteEventStore extends EventStore {
  /** subscription checkpoints kept in the same database, so they sit next to the events they point into */
  readonly checkpoints: CheckpointStore;
  /** messages consumer groups could never decode, kept in the same file (`pnpm quarantine`) */
  readonly quarantine: Quarantine;
  /** the global chain of this log (tamper-evident history), kept in the same file */
  readonly chain: ChainStore;
  /** the underlying connection, for components that keep their own tables in the same file */
  readonly db: Database.Database;
  /** readAll's events with data and metadata as the stored (canonical) text, for verifiers (ChainLog) */
  readRecords(options?: ReadAllOptions): Promise<ChainRecord[]>;
  /** readRecords' events with their canonical text put together in the query, for the whole-log check (ChainLog) */
  readChainTexts(options?: ReadAllOptions): Promise<ChainTextRecord[]>;
  /** how a verifier's worker thread opens this file itself, read-only (undefined in memory) */
  readonly workerSource: ChainLogSource | undefined;
}

interface EventRow extends EventRowV1 {
  prev_stream_hash: string | null;
  hash: string | null;
}

/** A row's place and chain fields, as every reader hands them out. */
const rowFields = (row: EventRow) => ({
  id: row.event_id,
  type: row.type,
  time: row.time,
  streamId: row.stream_id,
  streamPosition: row.stream_position,
  globalPosition: row.global_position,
  checkpoint: checkpointOfGlobalPosition(row.global_position),
  prevStreamHash: row.prev_stream_hash,
  // a row without a hash (written around the store) is reported by the verifiers, never hashed here
  hash: row.hash ?? '',
});

const toStoredEvent = (row: EventRow): StoredEvent => ({
  ...rowFields(row),
  data: JSON.parse(row.data) as unknown,
  metadata: JSON.parse(row.metadata) as EventMetadata,
});

const isInMemory = (filename: string) => filename === ':memory:' || filename === '';

/** Opens (and creates) the database with the settings the event store relies on, and migrates it. */
export function openEventStoreDatabase(
  filename: string,
  busyTimeoutMs = 5000,
  readonly = false,
): Database.Database {
  if (readonly) {
    const db = new Database(filename, { timeout: busyTimeoutMs, readonly: true, fileMustExist: true });
    const latest = Math.max(...migrations.map((m) => m.version));
    const applied = appliedVersions(db);
    if (!applied.includes(latest)) {
      db.close();
      throw new Error(
        `${filename}: the event store schema is at version ${Math.max(0, ...applied)}, not ${latest}`,
      );
    }
    return db;
  }
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
  if (!db.readonly) migrate(db);
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
 * The append's steps on one connection, run inside the store's IMMEDIATE transaction: synchronous, like the whole
 * append (no await, nothing allocated per event beyond the row and the answer).
 */
function sqliteAppendSteps(db: Database.Database): AppendSteps {
  const selectByIds = db.prepare<[string], EventRow>(
    'SELECT * FROM events WHERE event_id IN (SELECT value FROM json_each(?)) ORDER BY global_position',
  );
  const selectLast = db.prepare<[string], { stream_position: number; hash: string | null }>(
    'SELECT stream_position, hash FROM events WHERE stream_id = ? ORDER BY stream_position DESC LIMIT 1',
  );
  const insert = db.prepare<
    [string, string, number, string, string, string, string, string | null, string],
    Pick<EventRow, 'global_position'>
  >(
    `INSERT INTO events (event_id, stream_id, stream_position, type, data, metadata, time, prev_stream_hash, hash)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING global_position`,
  );

  return {
    storedWithIds: (ids) => selectByIds.all(JSON.stringify(ids)).map(toStoredEvent),
    head: (streamId) => {
      const last = selectLast.get(streamId);
      return last && { streamPosition: last.stream_position, hash: last.hash };
    },
    insert: (streamId, first, events, chained) =>
      events.map((e, i): StoredEvent => {
        const { prevStreamHash, hash } = chained[i] as StreamChainFields;
        const streamPosition = first + i;
        const row = insert.get(
          e.id,
          streamId,
          streamPosition,
          e.type,
          e.dataJson,
          e.metadataJson,
          e.time,
          prevStreamHash,
          hash,
        ) as Pick<EventRow, 'global_position'>;
        return {
          id: e.id,
          type: e.type,
          data: JSON.parse(e.dataJson) as unknown,
          metadata: JSON.parse(e.metadataJson) as EventMetadata,
          time: e.time,
          streamId,
          streamPosition,
          globalPosition: row.global_position,
          checkpoint: checkpointOfGlobalPosition(row.global_position),
          prevStreamHash,
          hash,
        };
      }),
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
  const db = openEventStoreDatabase(options.filename, options.busyTimeoutMs, options.readonly);
  // WAL checkpoints on a worker thread, not in whichever append fills the WAL (a no-op for read-only/in-memory)
  const walCheckpoints = startWalCheckpointer(db);
  const listeners = new AppendListeners();

  const selectStream = db.prepare<[string, number, number], EventRow>(
    'SELECT * FROM events WHERE stream_id = ? AND stream_position >= ? ORDER BY stream_position LIMIT ?',
  );
  const { readAll, readRecords, readChainTexts } = sqliteLogReaders(db);
  const selectHead = db.prepare('SELECT max(global_position) AS head FROM events');

  const steps = sqliteAppendSteps(db);
  const appendInTransaction = db.transaction(
    (streamId: string, events: PreparedEvent[], expectedVersion: ExpectedVersion) =>
      appendWithSteps(streamId, events, expectedVersion, steps),
  );

  const notify = (appended: readonly StoredEvent[]) => listeners.notify(appended);

  return {
    db,
    workerSource: isInMemory(options.filename)
      ? undefined
      : {
          module: path.join(__dirname, `chainLogSource${path.extname(__filename)}`),
          options: { filename: path.resolve(options.filename) },
        },
    checkpoints: createSqliteCheckpointStore(db),
    chain: createSqliteChainStore(db),
    quarantine: createSqliteQuarantine(db),

    async append(streamId, events, { expectedVersion }) {
      validateAppend(streamId, events, expectedVersion);
      // Serialise before taking the write lock, so a bad payload fails fast and holds nothing.
      const prepared = prepareEvents(events, now);
      // IMMEDIATE takes the write lock before reading the revision, so no other connection can slip in between.
      const { written, ...result } = appendInTransaction.immediate(streamId, prepared, expectedVersion);
      if (written) notify(result.events);
      return result;
    },

    async readStream(streamId, readOptions) {
      const { fromPosition, maxCount } = normalizeReadStreamOptions(readOptions);
      return selectStream.all(streamId, fromPosition, sqlLimit(maxCount)).map(toStoredEvent);
    },

    readAll,

    async headPosition() {
      return (selectHead.get() as { head: number | null }).head ?? 0;
    },

    readRecords,
    readChainTexts,

    onAppended(listener) {
      return listeners.add(listener);
    },

    async close() {
      listeners.clear();
      await walCheckpoints.stop();
      if (db.open) db.close();
    },
  };
}
