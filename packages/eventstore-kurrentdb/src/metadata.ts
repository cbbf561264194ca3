import type { RecordedEvent } from '@kurrent/kurrentdb-client';
import type { EventMetadata, StoredEvent } from '@appeals/eventstore';
import { encodeCheckpoint, globalPositionOf } from './checkpoint';

/** Key inside KurrentDB event metadata that carries the port's `time`; stripped again on read. */
export const TIME_METADATA_KEY = '$time';
/** Keys inside KurrentDB event metadata that carry the stream chain (`prevStreamHash`, `hash`); stripped on read. */
export const PREV_HASH_METADATA_KEY = '$prevStreamHash';
export const HASH_METADATA_KEY = '$hash';
const RESERVED_METADATA_KEYS = [TIME_METADATA_KEY, PREV_HASH_METADATA_KEY, HASH_METADATA_KEY];

/** True for events the port never hands out: system events/streams and this store's checkpoint records. */
export const isHiddenEvent = (event: { type: string; streamId: string }): boolean =>
  event.type.startsWith('$') ||
  event.streamId.startsWith('$') ||
  event.streamId.startsWith('appeals-checkpoint-');

/** KurrentDB event metadata for a new event: the port's metadata plus its time. */
export const encodeMetadata = (
  metadata: EventMetadata | undefined,
  time: string,
  chain?: { prevStreamHash: string | null; hash: string },
): Record<string, unknown> => {
  for (const key of RESERVED_METADATA_KEYS) {
    if (metadata !== undefined && Object.prototype.hasOwnProperty.call(metadata, key)) {
      throw new TypeError(`append: metadata key ${key} is reserved by the KurrentDB event store`);
    }
  }
  return {
    ...(metadata ?? {}),
    [TIME_METADATA_KEY]: time,
    ...(chain ? { [PREV_HASH_METADATA_KEY]: chain.prevStreamHash, [HASH_METADATA_KEY]: chain.hash } : {}),
  };
};

/** The port's metadata and time from KurrentDB event metadata (the server's `created` when no time was stored). */
export const decodeMetadata = (
  raw: unknown,
  created: Date,
): { metadata: EventMetadata; time: string; prevStreamHash: string | null; hash: string } => {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw) || raw instanceof Uint8Array) {
    return { metadata: {}, time: created.toISOString(), prevStreamHash: null, hash: '' };
  }
  const {
    [TIME_METADATA_KEY]: time,
    [PREV_HASH_METADATA_KEY]: prev,
    [HASH_METADATA_KEY]: hash,
    ...metadata
  } = raw as Record<string, unknown>;
  return {
    metadata,
    time: typeof time === 'string' ? time : created.toISOString(),
    prevStreamHash: typeof prev === 'string' ? prev : null,
    // an event written around this store has no hash, and the verifiers say so
    hash: typeof hash === 'string' ? hash : '',
  };
};

/** The port's view of an event KurrentDB recorded (it must carry its `$all` position). */
export const toStoredEvent = (recorded: RecordedEvent): StoredEvent => {
  const position = recorded.position;
  if (position === undefined)
    throw new Error(`KurrentDB returned event ${recorded.id} without a $all position`);
  const { metadata, time, prevStreamHash, hash } = decodeMetadata(recorded.metadata, recorded.created);
  return {
    id: recorded.id,
    type: recorded.type,
    data: recorded.isJson ? structuredClone(recorded.data) : recorded.data,
    metadata,
    time,
    streamId: recorded.streamId,
    streamPosition: Number(recorded.revision),
    globalPosition: globalPositionOf(position),
    checkpoint: encodeCheckpoint(position),
    prevStreamHash,
    hash,
  };
};
