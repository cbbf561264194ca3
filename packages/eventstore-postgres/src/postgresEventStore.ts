import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import type { ChainStore } from '@appeals/chain';
import { AppendListeners, validateAppend, type CheckpointStore, type EventStore } from '@appeals/eventstore';
import { createAppendListener, heldBackWaker } from './appendSignals';
import { migrate } from './migrations';
import { createPostgresAppend } from './postgresAppend';
import { createPostgresChainStore } from './postgresChainStore';
import { createPostgresCheckpointStore } from './postgresCheckpointStore';
import { createPostgresReads } from './postgresReads';
import { createPostgresQuarantine, quarantineMigrations } from './postgresQuarantine';
import type { Quarantine } from '@appeals/bus';

export { APPEND_CHANNEL, LISTENER_APPLICATION_NAME } from './appendSignals';
export { createPostgresChainStore } from './postgresChainStore';
export { createPostgresCheckpointStore } from './postgresCheckpointStore';

export interface PostgresEventStoreOptions {
  /** e.g. `postgres://appeals:appeals@127.0.0.1:55432/appeals`; needed unless `pool` is given */
  connectionString?: string;
  /** a pool the caller owns (close() leaves it open); by default the store makes one from connectionString */
  pool?: Pool;
  /** schema holding the tables, created if missing (default 'public') */
  schema?: string;
  /** run the migrations before returning (default true) */
  migrate?: boolean;
  /** clock for events appended without a time (default: the system clock) */
  now?: () => Date;
  /** background failures: an idle pooled connection or the LISTEN connection broke (default: console.error) */
  onError?: (error: Error) => void;
}

/** The PostgreSQL event store: the EventStore port plus its checkpoints, pool and schema management. */
export interface PostgresEventStore extends EventStore {
  /** subscription checkpoints in the same schema, next to the events they point into */
  readonly checkpoints: CheckpointStore;
  /** the global chain of this log (tamper-evident history), in the same schema */
  readonly chain: ChainStore;
  /** messages consumer groups could never decode, in the same schema (`pnpm quarantine`) */
  readonly quarantine: Quarantine;
  readonly pool: Pool;
  readonly schema: string;
  /** applies any missing migration (already done at creation unless `migrate: false`); returns the versions applied */
  migrate(): Promise<number[]>;
  /**
   * Resolves once this store LISTENs on `appeals_events`, so appends by other processes wake its onAppended
   * listeners. Registering a listener starts listening; awaiting this is only needed to be sure of the timing.
   */
  listening(): Promise<void>;
}

/** The caller's pool, or one made from connectionString whose idle-connection errors go to onError. */
const resolvePool = (
  options: PostgresEventStoreOptions,
  onError: (error: Error) => void,
): { pool: Pool; ownsPool: boolean } => {
  if (options.pool === undefined && !options.connectionString) {
    throw new TypeError('createPostgresEventStore: give a connectionString or a pool');
  }
  if (options.pool !== undefined) return { pool: options.pool, ownsPool: false };
  const pool = new Pool({ connectionString: options.connectionString });
  // An idle pooled connection that breaks emits 'error'; unhandled, it would crash the process.
  pool.on('error', (error) => onError(error));
  return { pool, ownsPool: true };
};

/** The event store's migrations, then its quarantine table's (their own scope); returns the event store's applied. */
const migrateAll = async (pool: Pool, schema: string): Promise<number[]> => {
  const applied = await migrate(pool, schema);
  await migrate(pool, schema, quarantineMigrations, 'quarantine');
  return applied;
};

/** Runs the migrations at creation; when they fail, a pool the store made itself is ended before rethrowing. */
const migrateOrEnd = async (store: PostgresEventStore, ownsPool: boolean): Promise<void> => {
  try {
    await store.migrate();
  } catch (error) {
    if (ownsPool) await store.pool.end().catch(() => undefined);
    throw error;
  }
};

/**
 * The EventStore port on PostgreSQL (13+, for xid8).
 *
 * - An append is one transaction: an advisory lock on the stream, replay detection by event id, the
 *   expected-version check, the insert, and a NOTIFY on `appeals_events` that PostgreSQL delivers at commit.
 * - `readAll` returns only events whose transaction is older than every transaction still running
 *   (`transaction_id < pg_snapshot_xmin(pg_current_snapshot())`), ordered by (transaction id, global position),
 *   and its checkpoint is that pair. An event that commits late therefore appears after everything a reader has
 *   already seen, never behind its checkpoint: no event is skipped. When committed events wait above that
 *   watermark, the store wakes its `onAppended` listeners again a moment later (1 ms, doubling up to 64 ms).
 *
 * @example
 * const store = await createPostgresEventStore({ connectionString: env.POSTGRES_URL });
 * await store.append(appealStream(id), events, { expectedVersion: 'no_stream' });
 * const relay = startSubscription({ store, checkpoints: store.checkpoints, subscriptionId: 'relay', handler });
 */
export async function createPostgresEventStore(
  options: PostgresEventStoreOptions,
): Promise<PostgresEventStore> {
  const schema = options.schema ?? 'public';
  const now = options.now ?? (() => new Date());
  const onError =
    options.onError ?? ((error: Error) => console.error('eventstore-postgres: background error', error));
  const { pool, ownsPool } = resolvePool(options, onError);

  /** Tells NOTIFYs from this store object apart from those of other processes (its own listeners heard already). */
  const origin = randomUUID();
  const listeners = new AppendListeners();
  let closed = false;

  const assertOpen = () => {
    if (closed) throw new Error('The PostgreSQL event store is closed');
  };

  const notifyListeners = () => listeners.notify();
  const heldBack = heldBackWaker(() => {
    if (!closed) notifyListeners();
  });

  const signals = createAppendListener({
    clientConfig: ownsPool ? { connectionString: options.connectionString } : pool.options,
    schema,
    origin,
    notify: notifyListeners,
    onError,
  });
  const listening = (): Promise<void> => {
    assertOpen();
    return signals.listening();
  };
  const appendEvents = createPostgresAppend({ pool, schema, origin, now });
  const reads = createPostgresReads({ pool, schema, heldBack });

  const store: PostgresEventStore = {
    pool,
    schema,
    checkpoints: createPostgresCheckpointStore(pool, schema),
    chain: createPostgresChainStore(pool, schema),
    quarantine: createPostgresQuarantine(pool, schema),

    migrate: () => migrateAll(pool, schema),
    listening,

    async append(streamId, events, { expectedVersion }) {
      assertOpen();
      validateAppend(streamId, events, expectedVersion);
      const { written, ...answer } = await appendEvents(streamId, events, expectedVersion);
      if (written) notifyListeners();
      return answer;
    },

    async readStream(streamId, readOptions) {
      assertOpen();
      return reads.readStream(streamId, readOptions);
    },

    async readAll(readOptions) {
      assertOpen();
      return reads.readAll(readOptions);
    },

    async headPosition() {
      assertOpen();
      return reads.headPosition();
    },

    onAppended(listener) {
      assertOpen();
      const remove = listeners.add(listener);
      void listening().catch(() => {
        // Reported through onError and retried; in-process appends still reach the listener.
      });
      return remove;
    },

    async close() {
      if (closed) return;
      closed = true;
      listeners.clear();
      heldBack.clear();
      await signals.close();
      if (ownsPool) await pool.end();
    },
  };

  if (options.migrate !== false) await migrateOrEnd(store, ownsPool);
  return store;
}
