import type { Pool, PoolClient } from 'pg';
import type { StreamChainFields } from '@appeals/chain';
import {
  appendWithAsyncSteps,
  ConcurrencyError,
  DuplicateEventIdError,
  onceClock,
  prepareEvent,
  type AppendOutcome,
  type AsyncAppendSteps,
  type ExpectedVersion,
  type NewEvent,
  type PreparedEvent,
  type StreamRevision,
} from '@appeals/eventstore';
import { APPEND_CHANNEL, appendPayload } from './appendSignals';
import { checkOut } from './checkedOut';
import { LOCK_NAMESPACE, quoteSchema } from './migrations';
import { COLUMNS, isDatabaseError, toStoredEvent, type EventRow } from './rows';

/** Event ids are stored as uuid, which PostgreSQL prints in lowercase: only that form round-trips unchanged. */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Checks what PostgreSQL's column types demand and serialises, before a connection is taken. */
const prepare = (events: NewEvent[], now: () => Date): PreparedEvent[] => {
  const at = onceClock(now); // an append happens at one moment: its events share one time
  return events.map((e) => {
    if (!UUID.test(e.id)) {
      throw new TypeError(
        `append: event id ${e.id} must be a lowercase UUID (as crypto.randomUUID() makes): PostgreSQL stores ids as uuid`,
      );
    }
    const prepared = prepareEvent(e, at);
    if (Number.isNaN(Date.parse(prepared.time)))
      throw new TypeError(`append: event ${e.id} time is not an ISO time: ${prepared.time}`);
    return prepared;
  });
};

/** The shared append algorithm's steps on one connection inside the append's transaction. */
const stepsOn = (client: PoolClient, schema: string, origin: string): AsyncAppendSteps => {
  const s = quoteSchema(schema);
  return {
    async storedWithIds(ids) {
      const { rows } = await client.query<EventRow>(
        `SELECT ${COLUMNS} FROM ${s}.events WHERE event_id = ANY($1::uuid[]) ORDER BY global_position`,
        [ids],
      );
      return rows.map(toStoredEvent);
    },
    async head(streamId) {
      const { rows } = await client.query<{ stream_position: string; hash: string | null }>(
        `SELECT stream_position, hash FROM ${s}.events WHERE stream_id = $1 ORDER BY stream_position DESC LIMIT 1`,
        [streamId],
      );
      const last = rows[0];
      return last && { streamPosition: Number(last.stream_position), hash: last.hash };
    },
    async insert(streamId, first, events, chained) {
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
          events.map((e) => e.dataJson),
          events.map((e) => e.metadataJson),
          events.map((e) => e.time),
          chained.map((c: StreamChainFields) => c.prevStreamHash),
          chained.map((c: StreamChainFields) => c.hash),
        ],
      );
      await client.query('SELECT pg_notify($1, $2)', [APPEND_CHANNEL, appendPayload(schema, origin)]);
      return rows.map(toStoredEvent).sort((a, b) => a.streamPosition - b.streamPosition);
    },
  };
};

/** Turns the database's answers to a failed append into the port's errors. */
const translateError = async (
  error: unknown,
  currentRevision: (streamId: string) => Promise<StreamRevision>,
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
    return new ConcurrencyError(streamId, expectedVersion, await currentRevision(streamId));
  }
  if (error.code === '22007' || error.code === '22008') {
    return new TypeError(`append: an event time is not a valid timestamp (${error.message})`);
  }
  if (error.code === '22P05' || error.code === '22P02') {
    return new TypeError(`append: an event cannot be stored (${error.message})`);
  }
  return error;
};

export interface PostgresAppendOptions {
  pool: Pool;
  schema: string;
  /** the store object's id, carried by its NOTIFYs */
  origin: string;
  now: () => Date;
}

/**
 * Appends as one transaction: an advisory lock on the stream, then the shared append algorithm
 * (`appendWithAsyncSteps`: replay detection by event id, the expected-version check, the stream chain) on this
 * adapter's steps, the insert, and a NOTIFY on `appeals_events` that PostgreSQL delivers at commit.
 */
export function createPostgresAppend(options: PostgresAppendOptions) {
  const { pool, schema, origin, now } = options;
  const s = quoteSchema(schema);

  /** The stream's revision outside any transaction, to report a conflict. */
  const currentRevision = async (streamId: string): Promise<StreamRevision> => {
    const { rows } = await pool.query<{ revision: string | null }>(
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
  ): Promise<AppendOutcome> => {
    // Appends to one stream queue here; the lock goes with the transaction. No xid is assigned yet, so a
    // writer waiting for the lock does not hold readers back.
    await client.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [
      LOCK_NAMESPACE.streams,
      `${schema}/${streamId}`,
    ]);
    return appendWithAsyncSteps(streamId, events, expectedVersion, stepsOn(client, schema, origin));
  };

  /** One append (already validated): commits when something was written, rolls back otherwise. */
  return async (
    streamId: string,
    events: NewEvent[],
    expectedVersion: ExpectedVersion,
  ): Promise<AppendOutcome> => {
    // Check and serialise before taking a connection, so a bad payload fails fast and holds nothing.
    const prepared = prepare(events, now);
    const held = await checkOut(pool);
    const { client } = held;
    let broken: Error | undefined;
    let result: AppendOutcome;
    try {
      await client.query('BEGIN');
      result = await appendInTransaction(client, streamId, prepared, expectedVersion);
      await client.query(result.written ? 'COMMIT' : 'ROLLBACK');
    } catch (error) {
      await client.query('ROLLBACK').catch((rollbackError: Error) => {
        broken = rollbackError;
      });
      held.release(broken);
      throw await translateError(error, currentRevision, streamId, prepared, expectedVersion);
    }
    held.release();
    return result;
  };
}
