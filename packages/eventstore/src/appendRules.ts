import { ConcurrencyError, type ExpectedVersion, type NewEvent } from './port';
import { DuplicateEventIdError } from './errors';

/** A stream's current revision: the position of its last event, or 'no_stream'. */
export type StreamRevision = number | 'no_stream';

/** What replay detection needs to know about an already-stored event. */
export interface StoredEventIdentity {
  id: string;
  streamId: string;
  streamPosition: number;
}

const isExpectedVersion = (v: unknown): v is ExpectedVersion =>
  v === 'no_stream' ||
  v === 'any' ||
  v === 'stream_exists' ||
  (typeof v === 'number' && Number.isSafeInteger(v) && v >= 0);

/** Rejects malformed appends before any adapter touches storage (shared so adapters agree). */
export function validateAppend(streamId: string, events: NewEvent[], expectedVersion: ExpectedVersion): void {
  if (typeof streamId !== 'string' || streamId.length === 0)
    throw new TypeError('append: stream id must be a non-empty string');
  if (!Array.isArray(events)) throw new TypeError('append: events must be an array');
  if (!isExpectedVersion(expectedVersion)) {
    throw new RangeError(
      `append: expected version must be 'no_stream', 'any', 'stream_exists' or a revision >= 0, got ${String(expectedVersion)}`,
    );
  }
  const seen = new Set<string>();
  for (const event of events) {
    if (typeof event.id !== 'string' || event.id.length === 0)
      throw new TypeError('append: every event needs a non-empty id');
    if (typeof event.type !== 'string' || event.type.length === 0)
      throw new TypeError(`append: event ${event.id} needs a non-empty type`);
    if (event.time !== undefined && typeof event.time !== 'string')
      throw new TypeError(`append: event ${event.id} time must be an ISO string`);
    if (seen.has(event.id))
      throw new DuplicateEventIdError(streamId, [event.id], 'appear more than once in one append');
    seen.add(event.id);
  }
}

/** Throws ConcurrencyError unless the stream's revision satisfies the expectation. */
export function assertExpectedVersion(
  streamId: string,
  expected: ExpectedVersion,
  actual: StreamRevision,
): void {
  const ok =
    expected === 'any' ||
    (expected === 'no_stream' && actual === 'no_stream') ||
    (expected === 'stream_exists' && actual !== 'no_stream') ||
    (typeof expected === 'number' && expected === actual);
  if (!ok) throw new ConcurrencyError(streamId, expected, actual);
}

/**
 * Decides whether an append repeats an earlier one, given the stored events that carry any of its ids.
 * Returns those events in batch order when every id is stored in this stream at consecutive positions
 * (a replay), undefined when none is stored, and throws DuplicateEventIdError for anything in between.
 */
export function detectIdempotentReplay<T extends StoredEventIdentity>(
  streamId: string,
  events: ReadonlyArray<{ id: string }>,
  alreadyStored: T[],
): T[] | undefined {
  if (alreadyStored.length === 0) return undefined;
  const byId = new Map(alreadyStored.map((e) => [e.id, e]));
  const missing = events.filter((e) => !byId.has(e.id)).map((e) => e.id);
  if (missing.length > 0) {
    throw new DuplicateEventIdError(
      streamId,
      alreadyStored.map((e) => e.id),
      `are already stored but ${missing.join(', ')} are not: a retry must resend exactly the same events`,
    );
  }
  const ordered = events.map((e) => byId.get(e.id) as T);
  const first = ordered[0] as T;
  ordered.forEach((stored, i) => {
    if (stored.streamId !== streamId) {
      throw new DuplicateEventIdError(
        streamId,
        [stored.id],
        `are already stored in stream ${stored.streamId}`,
      );
    }
    if (stored.streamPosition !== first.streamPosition + i) {
      throw new DuplicateEventIdError(
        streamId,
        [stored.id],
        'are already stored at other positions: a retry must resend the same events in the same order',
      );
    }
  });
  return ordered;
}

/** Revision to report for an append that wrote nothing: -1 stands for "no stream". */
export const revisionAsNumber = (revision: StreamRevision): number =>
  revision === 'no_stream' ? -1 : revision;
