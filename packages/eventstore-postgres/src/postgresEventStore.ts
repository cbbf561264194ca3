import { randomUUID } from 'node:crypto';
import { Client, DatabaseError, Pool, type PoolClient } from 'pg';
import {
  AppendListeners,
  ChainConflictError,
  ConcurrencyError,
  chainBatch,
  DuplicateEventIdError,
  assertExpectedVersion,
  detectIdempotentReplay,
  encodeJson,
  normalizeReadAllOptions,
  normalizeReadStreamOptions,
  revisionAsNumber,
  validateAppend,
  type AppendResult,
  type ChainLink,
  type ChainStore,
  type CheckpointStore,
  type SignedCheckpoint,
  type StreamChainFields,
  type EventMetadata,
  type EventStore,
  type ExpectedVersion,
  type NewEvent,
  type StoredEvent,
  type StreamRevision,
} from '@appeals/eventstore';
import { decodeCheckpoint, encodeCheckpoint } from './checkpoint';
import { LOCK_NAMESPACE, migrate, quoteSchema } from './migrations';

/** The channel every store NOTIFYs after a committed append (payload: `{"schema", "origin"}` as JSON). */
export const APPEND_CHANNEL = 'appeals_events';

/** application_name of the connection a store LISTENs on (visible in pg_stat_activity). */
export const LISTENER_APPLICATION_NAME = 'appeals-eventstore-listener';

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

interface EventRow {
  global_position: string;
  transaction_id: string;
  event_id: string;
  stream_id: string;
  stream_position: string;
  type: string;
  data: unknown;
  metadata: EventMetadata;
  time_text: string;
  prev_stream_hash: string | null;
  hash: string | null;
}

const COLUMNS =
  'global_position, transaction_id::text AS transaction_id, event_id::text AS event_id, stream_id, stream_position, type, data, metadata, time_text, prev_stream_hash, hash';

const toStoredEvent = (row: EventRow): StoredEvent => ({
  id: row.event_id,
  type: row.type,
  data: row.data,
  metadata: row.metadata,
  time: row.time_text,
  streamId: row.stream_id,
  streamPosition: Number(row.stream_position),
  globalPosition: Number(row.global_position),
  checkpoint: encodeCheckpoint({
    transactionId: row.transaction_id,
    globalPosition: Number(row.global_position),
  }),
  prevStreamHash: row.prev_stream_hash,
  // a row without a hash (written around the store) is reported by the verifiers, never hashed here
  hash: row.hash ?? '',
});

const asIdentity = (row: EventRow) => ({
  id: row.event_id,
  streamId: row.stream_id,
  streamPosition: Number(row.stream_position),
  row,
});

/** Event ids are stored as uuid, which PostgreSQL prints in lowercase: only that form round-trips unchanged. */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

interface PreparedEvent {
  id: string;
  type: string;
  data: string;
  metadata: string;
  time: string;
}

const prepare = (events: NewEvent[], now: () => Date): PreparedEvent[] =>
  events.map((e) => {
    if (!UUID.test(e.id)) {
      throw new TypeError(
        `append: event id ${e.id} must be a lowercase UUID (as crypto.randomUUID() makes): PostgreSQL stores ids as uuid`,
      );
    }
    const time = e.time ?? now().toISOString();
    if (Number.isNaN(Date.parse(time)))
      throw new TypeError(`append: event ${e.id} time is not an ISO time: ${time}`);
    return {
      id: e.id,
      type: e.type,
      data: encodeJson(e.data),
      metadata: encodeJson(e.metadata ?? {}),
      time,
    };
  });

/** LIMIT NULL means no limit. */
const sqlLimit = (limit: number): number | null => (Number.isFinite(limit) ? limit : null);

const isDatabaseError = (e: unknown): e is DatabaseError => e instanceof DatabaseError;

/**
 * Subscription checkpoints in an event store's schema (the `checkpoints` table its migrations create).
 *
 * @example
 * const checkpoints = createPostgresCheckpointStore(pool, 'public');
 */
export function createPostgresCheckpointStore(pool: Pool, schema = 'public'): CheckpointStore {
  const s = quoteSchema(schema);
  return {
    async load(subscriptionId) {
      const { rows } = await pool.query<{ checkpoint: string }>(
        `SELECT checkpoint FROM ${s}.checkpoints WHERE subscription_id = $1`,
        [subscriptionId],
      );
      return rows[0]?.checkpoint;
    },
    async save(subscriptionId, checkpoint) {
      await pool.query(
        `INSERT INTO ${s}.checkpoints (subscription_id, checkpoint) VALUES ($1, $2)
         ON CONFLICT (subscription_id) DO UPDATE SET checkpoint = excluded.checkpoint, updated_at = now()`,
        [subscriptionId, checkpoint],
      );
    },
  };
}

interface LinkRow {
  seq: string;
  event_id: string;
  stream_id: string;
  global_position: string;
  event_hash: string;
  chain_hash: string;
  checkpoint: string;
}
interface CheckpointRow {
  seq: string;
  chain_hash: string;
  signed_at: string;
  key_id: string;
  signature: string;
}
const LINK_COLUMNS =
  'seq, event_id::text AS event_id, stream_id, global_position, event_hash, chain_hash, checkpoint';
const toLink = (r: LinkRow): ChainLink => ({
  seq: Number(r.seq),
  eventId: r.event_id,
  streamId: r.stream_id,
  globalPosition: Number(r.global_position),
  eventHash: r.event_hash,
  chainHash: r.chain_hash,
  checkpoint: r.checkpoint,
});
const toSignedCheckpoint = (r: CheckpointRow): SignedCheckpoint => ({
  seq: Number(r.seq),
  chainHash: r.chain_hash,
  signedAt: r.signed_at,
  keyId: r.key_id,
  signature: r.signature,
});

/**
 * The global chain (links and signed checkpoints) in an event store's schema. Sealers in several processes may
 * extend it at once: a link's seq is its primary key, so the slower one gets ChainConflictError and starts again.
 *
 * @example
 * const sealer = createChainSealer({ store, chain: createPostgresChainStore(pool, schema), signer });
 */
export function createPostgresChainStore(pool: Pool, schema = 'public'): ChainStore {
  const s = quoteSchema(schema);
  return {
    async head() {
      const { rows } = await pool.query<LinkRow>(
        `SELECT ${LINK_COLUMNS} FROM ${s}.chain_links ORDER BY seq DESC LIMIT 1`,
      );
      return rows[0] ? toLink(rows[0]) : undefined;
    },
    async extend(links, checkpoint) {
      const client = await pool.connect();
      let broken: Error | undefined;
      try {
        await client.query('BEGIN');
        // Extends of one chain queue here. The loser then reads the winner's committed head and gives up at once,
        // instead of inserting into the same primary-key slots, waiting on the winner's uncommitted rows and
        // aborting with a unique violation. No xid is assigned yet, so a waiting sealer holds no reader back.
        await client.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [LOCK_NAMESPACE.chain, schema]);
        const first = links[0];
        if (first !== undefined) {
          const { rows } = await client.query<{ head: string | null }>(
            `SELECT max(seq) AS head FROM ${s}.chain_links`,
          );
          if (first.seq !== Number(rows[0]?.head ?? 0) + 1) throw new ChainConflictError(first.seq);
          await client.query(
            `INSERT INTO ${s}.chain_links (seq, event_id, stream_id, global_position, event_hash, chain_hash, checkpoint)
             SELECT * FROM unnest($1::bigint[], $2::uuid[], $3::text[], $4::bigint[], $5::text[], $6::text[], $7::text[])`,
            [
              links.map((l) => l.seq),
              links.map((l) => l.eventId),
              links.map((l) => l.streamId),
              links.map((l) => l.globalPosition),
              links.map((l) => l.eventHash),
              links.map((l) => l.chainHash),
              links.map((l) => l.checkpoint),
            ],
          );
        }
        if (checkpoint) {
          await client.query(
            `INSERT INTO ${s}.chain_checkpoints (seq, chain_hash, signed_at, key_id, signature)
             VALUES ($1, $2, $3, $4, $5) ON CONFLICT (seq) DO NOTHING`,
            [
              checkpoint.seq,
              checkpoint.chainHash,
              checkpoint.signedAt,
              checkpoint.keyId,
              checkpoint.signature,
            ],
          );
        }
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK').catch((rollbackError: Error) => {
          broken = rollbackError;
        });
        if (isDatabaseError(error) && error.code === '23505')
          throw new ChainConflictError(links[0]?.seq ?? 0);
        throw error;
      } finally {
        client.release(broken);
      }
    },
    async links({ afterSeq, limit }) {
      const { rows } = await pool.query<LinkRow>(
        `SELECT ${LINK_COLUMNS} FROM ${s}.chain_links WHERE seq > $1 ORDER BY seq LIMIT $2`,
        [afterSeq, sqlLimit(limit)],
      );
      return rows.map(toLink);
    },
    async linksOfStream(streamId) {
      const { rows } = await pool.query<LinkRow>(
        `SELECT ${LINK_COLUMNS} FROM ${s}.chain_links WHERE stream_id = $1 ORDER BY seq`,
        [streamId],
      );
      return rows.map(toLink);
    },
    async checkpoints() {
      const { rows } = await pool.query<CheckpointRow>(`SELECT * FROM ${s}.chain_checkpoints ORDER BY seq`);
      return rows.map(toSignedCheckpoint);
    },
    async lastCheckpoint() {
      const { rows } = await pool.query<CheckpointRow>(
        `SELECT * FROM ${s}.chain_checkpoints ORDER BY seq DESC LIMIT 1`,
      );
      return rows[0] ? toSignedCheckpoint(rows[0]) : undefined;
    },
  };
}

/** Waits before waking the listeners again while events stay held back: 1 ms, doubling up to this. */
const HELD_BACK_MAX_DELAY_MS = 64;

/**
 * Wakes the listeners shortly after a read found committed events above the watermark (held back by a transaction
 * still running, which may end without an append signal of this store: another schema's or database's write, a
 * checkpoint save). The delay doubles while they stay held back, and starts again at 1 ms once none are.
 */
function heldBackWaker(wake: () => void): { wakeSoon(): void; clear(): void } {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let delayMs = 1;
  return {
    wakeSoon() {
      if (timer !== undefined) return;
      timer = setTimeout(() => {
        timer = undefined;
        wake();
      }, delayMs);
      timer.unref();
      delayMs = Math.min(delayMs * 2, HELD_BACK_MAX_DELAY_MS);
    },
    clear() {
      if (timer !== undefined) clearTimeout(timer);
      timer = undefined;
      delayMs = 1;
    },
  };
}

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
  const s = quoteSchema(schema);
  if (options.pool === undefined && !options.connectionString) {
    throw new TypeError('createPostgresEventStore: give a connectionString or a pool');
  }
  const now = options.now ?? (() => new Date());
  const onError =
    options.onError ?? ((error: Error) => console.error('eventstore-postgres: background error', error));
  const ownsPool = options.pool === undefined;
  const pool = options.pool ?? new Pool({ connectionString: options.connectionString });
  // An idle pooled connection that breaks emits 'error'; unhandled, it would crash the process.
  if (ownsPool) pool.on('error', (error) => onError(error));

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

  // ---- LISTEN: appends by other processes (or other store objects) wake this store's listeners ----
  let listenClient: Client | undefined;
  let listenReady: Promise<void> | undefined;
  let reconnectTimer: ReturnType<typeof setTimeout> | undefined;
  let reconnectDelayMs = 500;
  let connectedBefore = false;

  const onNotification = (message: { channel: string; payload?: string | undefined }) => {
    if (message.channel !== APPEND_CHANNEL || message.payload === undefined) return;
    try {
      const payload = JSON.parse(message.payload) as { schema?: unknown; origin?: unknown };
      if (payload.schema === schema && payload.origin !== origin) notifyListeners();
    } catch {
      // Not one of ours.
    }
  };

  const scheduleReconnect = () => {
    if (closed || reconnectTimer !== undefined) return;
    reconnectTimer = setTimeout(() => {
      reconnectTimer = undefined;
      listenReady = undefined;
      void listening().catch(() => undefined);
    }, reconnectDelayMs);
    reconnectTimer.unref();
    reconnectDelayMs = Math.min(reconnectDelayMs * 2, 30_000);
  };

  const connectListener = async (): Promise<void> => {
    const client = new Client({
      ...(ownsPool ? { connectionString: options.connectionString } : pool.options),
      application_name: LISTENER_APPLICATION_NAME,
    });
    client.on('notification', onNotification);
    let lost = false;
    const lose = (error?: Error) => {
      if (lost) return;
      lost = true;
      if (listenClient === client) listenClient = undefined;
      if (closed) return;
      if (error) onError(error);
      client.end().catch(() => undefined);
      scheduleReconnect();
    };
    client.on('error', lose);
    client.on('end', () => lose());
    try {
      await client.connect();
      await client.query(`LISTEN ${APPEND_CHANNEL}`);
    } catch (error) {
      lose(error as Error);
      throw error;
    }
    if (closed) {
      await client.end().catch(() => undefined);
      return;
    }
    listenClient = client;
    reconnectDelayMs = 500;
    // After a reconnect, appends may have committed while nobody listened: let listeners look once.
    if (connectedBefore) notifyListeners();
    connectedBefore = true;
  };

  const listening = (): Promise<void> => {
    assertOpen();
    listenReady ??= connectListener();
    return listenReady;
  };

  // ---- appends ----
  const currentRevision = async (client: PoolClient | Pool, streamId: string): Promise<StreamRevision> => {
    const { rows } = await client.query<{ revision: string | null }>(
      `SELECT max(stream_position) AS revision FROM ${s}.events WHERE stream_id = $1`,
      [streamId],
    );
    const revision = rows[0]?.revision ?? null;
    return revision === null ? 'no_stream' : Number(revision);
  };

  const appendInTransaction = async (
    client: PoolClient,
    streamId: string,
    events: PreparedEvent[],
    expectedVersion: ExpectedVersion,
  ): Promise<AppendResult & { written: boolean }> => {
    // Appends to one stream queue here; the lock goes with the transaction. No xid is assigned yet, so a
    // writer waiting for the lock does not hold readers back.
    await client.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [
      LOCK_NAMESPACE.streams,
      `${schema}/${streamId}`,
    ]);
    if (events.length > 0) {
      const { rows } = await client.query<EventRow>(
        `SELECT ${COLUMNS} FROM ${s}.events WHERE event_id = ANY($1::uuid[]) ORDER BY global_position`,
        [events.map((e) => e.id)],
      );
      const replayed = detectIdempotentReplay(streamId, events, rows.map(asIdentity));
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

    const { rows: lastRows } = await client.query<{ stream_position: string; hash: string | null }>(
      `SELECT stream_position, hash FROM ${s}.events WHERE stream_id = $1 ORDER BY stream_position DESC LIMIT 1`,
      [streamId],
    );
    const last = lastRows[0];
    const revision: StreamRevision = last === undefined ? 'no_stream' : Number(last.stream_position);
    assertExpectedVersion(streamId, expectedVersion, revision);
    if (events.length === 0) {
      return {
        nextExpectedVersion: revisionAsNumber(revision),
        idempotentReplay: false,
        events: [],
        written: false,
      };
    }

    const first = revision === 'no_stream' ? 0 : revision + 1;
    // The stream chain, under the stream's lock: the predecessor cannot change until this commits.
    const chained = chainBatch(
      streamId,
      first,
      last?.hash ?? null,
      events.map((e) => ({ ...e, dataJson: e.data, metadataJson: e.metadata })),
    );
    // One statement for the batch; ORDER BY n makes global positions follow stream positions.
    const { rows } = await client.query<EventRow>(
      `INSERT INTO ${s}.events
         (event_id, stream_id, stream_position, type, data, metadata, "time", time_text, prev_stream_hash, hash)
       SELECT e.id, $1, $2::bigint + e.n - 1, e.type, e.data, e.metadata, e.time::timestamptz, e.time, e.prev, e.hash
       FROM unnest($3::uuid[], $4::text[], $5::jsonb[], $6::jsonb[], $7::text[], $8::text[], $9::text[])
            WITH ORDINALITY AS e(id, type, data, metadata, time, prev, hash, n)
       ORDER BY e.n
       RETURNING ${COLUMNS}`,
      [
        streamId,
        first,
        events.map((e) => e.id),
        events.map((e) => e.type),
        events.map((e) => e.data),
        events.map((e) => e.metadata),
        events.map((e) => e.time),
        chained.map((c: StreamChainFields) => c.prevStreamHash),
        chained.map((c: StreamChainFields) => c.hash),
      ],
    );
    await client.query('SELECT pg_notify($1, $2)', [APPEND_CHANNEL, JSON.stringify({ schema, origin })]);
    const stored = rows.map(toStoredEvent).sort((a, b) => a.streamPosition - b.streamPosition);
    return {
      nextExpectedVersion: first + events.length - 1,
      idempotentReplay: false,
      events: stored,
      written: true,
    };
  };

  /** Turns the database's answers to a failed append into the port's errors. */
  const translateError = async (
    error: unknown,
    streamId: string,
    events: PreparedEvent[],
    expectedVersion: ExpectedVersion,
  ): Promise<unknown> => {
    if (!isDatabaseError(error)) return error;
    if (error.code === '23505' && error.constraint === 'events_event_id_key') {
      // Another stream took one of these ids between our look-up and our insert.
      return new DuplicateEventIdError(
        streamId,
        events.map((e) => e.id),
        'were stored by a concurrent append to another stream',
      );
    }
    if (error.code === '23505' && error.constraint === 'events_stream_id_stream_position_key') {
      // Only a writer that bypasses the stream lock can get here.
      return new ConcurrencyError(streamId, expectedVersion, await currentRevision(pool, streamId));
    }
    if (error.code === '22007' || error.code === '22008') {
      return new TypeError(`append: an event time is not a valid timestamp (${error.message})`);
    }
    if (error.code === '22P05' || error.code === '22P02') {
      return new TypeError(`append: an event cannot be stored (${error.message})`);
    }
    return error;
  };

  const store: PostgresEventStore = {
    pool,
    schema,
    checkpoints: createPostgresCheckpointStore(pool, schema),
    chain: createPostgresChainStore(pool, schema),

    migrate: () => migrate(pool, schema),
    listening,

    async append(streamId, events, { expectedVersion }) {
      assertOpen();
      validateAppend(streamId, events, expectedVersion);
      // Check and serialise before taking a connection, so a bad payload fails fast and holds nothing.
      const prepared = prepare(events, now);
      const client = await pool.connect();
      let broken: Error | undefined;
      let result: AppendResult & { written: boolean };
      try {
        await client.query('BEGIN');
        result = await appendInTransaction(client, streamId, prepared, expectedVersion);
        await client.query(result.written ? 'COMMIT' : 'ROLLBACK');
      } catch (error) {
        await client.query('ROLLBACK').catch((rollbackError: Error) => {
          broken = rollbackError;
        });
        client.release(broken);
        throw await translateError(error, streamId, prepared, expectedVersion);
      }
      client.release();
      const { written, ...answer } = result;
      if (written) notifyListeners();
      return answer;
    },

    async readStream(streamId, readOptions) {
      assertOpen();
      const { fromPosition, maxCount } = normalizeReadStreamOptions(readOptions);
      if (maxCount === 0) return [];
      const { rows } = await pool.query<EventRow>(
        `SELECT ${COLUMNS} FROM ${s}.events
         WHERE stream_id = $1 AND stream_position >= $2
         ORDER BY stream_position LIMIT $3`,
        [streamId, fromPosition, sqlLimit(maxCount)],
      );
      return rows.map(toStoredEvent);
    },

    async readAll(readOptions) {
      assertOpen();
      const { limit } = normalizeReadAllOptions({ limit: readOptions?.limit });
      const after = decodeCheckpoint(readOptions?.after);
      if (limit === 0) return [];
      // The watermark: a transaction id below the snapshot's xmin belongs to a transaction that has ended, and
      // every transaction still running (or yet to start) has an id at or above it. It is taken once, with the
      // statement's own snapshot, and bounds the index scan; `held_back` says whether committed events wait above
      // it (the same snapshot), so the listeners are woken again once it may have moved.
      const page =
        after === undefined ? '' : 'AND (transaction_id, global_position) > ($2::xid8, $3::bigint)';
      const { rows } = await pool.query<Partial<EventRow> & { held_back: boolean }>(
        `SELECT w.held_back, e.* FROM (
           SELECT x.xmin, EXISTS (SELECT 1 FROM ${s}.events WHERE transaction_id >= x.xmin) AS held_back
           FROM (SELECT pg_snapshot_xmin(pg_current_snapshot()) AS xmin) x
         ) w LEFT JOIN LATERAL (
           SELECT ${COLUMNS} FROM ${s}.events WHERE transaction_id < w.xmin ${page}
           ORDER BY transaction_id, global_position LIMIT $1
         ) e ON true`,
        after === undefined
          ? [sqlLimit(limit)]
          : [sqlLimit(limit), after.transactionId, after.globalPosition],
      );
      if (rows[0]?.held_back) heldBack.wakeSoon();
      else heldBack.clear();
      return rows.filter((row) => row.event_id != null).map((row) => toStoredEvent(row as EventRow));
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
      if (reconnectTimer !== undefined) clearTimeout(reconnectTimer);
      // A connection still being made ends itself when it sees `closed`.
      await listenReady?.catch(() => undefined);
      const client = listenClient;
      listenClient = undefined;
      await client?.end().catch(() => undefined);
      if (ownsPool) await pool.end();
    },
  };

  if (options.migrate !== false) {
    try {
      await store.migrate();
    } catch (error) {
      if (ownsPool) await pool.end().catch(() => undefined);
      throw error;
    }
  }
  return store;
}
