import {
  BACKWARDS,
  END,
  FORWARDS,
  START,
  excludeSystemEvents,
  type KurrentDBClient,
  type Position,
} from '@kurrent/kurrentdb-client';
import type { ReadAllOptions, StoredEvent } from '@appeals/eventstore';
import { comparePositions, decodeCheckpoint } from './checkpoint';
import { isStreamDeleted, isStreamNotFound } from './errors';
import { isHiddenEvent, toStoredEvent } from './metadata';

/** Every event of a stream, oldest first; [] when the stream does not exist (or was deleted). */
export const readStreamEvents = async (
  client: KurrentDBClient,
  streamId: string,
  fromRevision = 0,
  maxCount?: number,
): Promise<StoredEvent[]> => {
  const out: StoredEvent[] = [];
  try {
    for await (const resolved of client.readStream(streamId, {
      direction: FORWARDS,
      fromRevision: BigInt(fromRevision),
      ...(maxCount !== undefined && Number.isFinite(maxCount) ? { maxCount } : {}),
    })) {
      if (resolved.event !== undefined) out.push(toStoredEvent(resolved.event));
    }
  } catch (error) {
    if (isStreamNotFound(error) || isStreamDeleted(error)) return [];
    throw error;
  }
  return out;
};

/** The stream's last event (its revision and hash), undefined when there is none. */
export const readLastEvent = async (
  client: KurrentDBClient,
  streamId: string,
): Promise<StoredEvent | undefined> => {
  try {
    for await (const resolved of client.readStream(streamId, {
      direction: BACKWARDS,
      fromRevision: END,
      maxCount: 1,
    })) {
      if (resolved.event !== undefined) return toStoredEvent(resolved.event);
    }
  } catch (error) {
    if (isStreamNotFound(error) || isStreamDeleted(error)) return undefined;
    throw error;
  }
  return undefined;
};

/** The port's readAll: `$all` without system events, hidden streams or the `after` event, in pages of 500. */
export const readAllEvents = async (
  client: KurrentDBClient,
  readOptions: ReadAllOptions | undefined,
): Promise<StoredEvent[]> => {
  const limit = readOptions?.limit ?? Number.POSITIVE_INFINITY;
  if (!(Number.isInteger(limit) || limit === Number.POSITIVE_INFINITY) || limit < 0) {
    throw new RangeError(`readAll limit must be a non-negative integer, got ${String(limit)}`);
  }
  let after: Position | undefined = decodeCheckpoint(readOptions?.after);
  const out: StoredEvent[] = [];
  if (limit === 0) return out;
  const page = 500;
  for (;;) {
    // Reading from a position includes the event at it, so ask for one more and drop it.
    const want = Math.min(page, limit - out.length) + (after === undefined ? 0 : 1);
    let count = 0;
    let last: Position | undefined;
    for await (const resolved of client.readAll({
      direction: FORWARDS,
      fromPosition: after ?? START,
      maxCount: want,
      filter: excludeSystemEvents(),
    })) {
      const event = resolved.event;
      if (event === undefined) continue;
      count += 1;
      last = event.position;
      if (after !== undefined && comparePositions(event.position, after) <= 0) continue;
      if (isHiddenEvent(event)) continue;
      out.push(toStoredEvent(event));
      if (out.length >= limit) return out;
    }
    if (count < want || last === undefined) return out;
    after = last;
  }
};
