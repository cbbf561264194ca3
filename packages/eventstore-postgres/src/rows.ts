import { DatabaseError } from 'pg';
import type { EventMetadata, StoredEvent } from '@appeals/eventstore';
import { encodeCheckpoint } from './checkpoint';

/** An events row as the store selects it (COLUMNS): bigints and xid8 as text. */
export interface EventRow {
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

export const COLUMNS =
  'global_position, transaction_id::text AS transaction_id, event_id::text AS event_id, stream_id, stream_position, type, data, metadata, time_text, prev_stream_hash, hash';

export const toStoredEvent = (row: EventRow): StoredEvent => ({
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

/** LIMIT NULL means no limit. */
export const sqlLimit = (limit: number): number | null => (Number.isFinite(limit) ? limit : null);

export const isDatabaseError = (e: unknown): e is DatabaseError => e instanceof DatabaseError;
