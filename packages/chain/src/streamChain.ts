import { hash } from 'node:crypto';
import { canonicalJson } from './canonicalJson';

/**
 * The tamper-evident history's hashing: ONE implementation every adapter uses (see docs/adr/0005).
 *
 * An event's hash is SHA-256 over the RFC 8785 (JSON Canonicalization Scheme) text of
 * `{v, id, type, streamId, streamPosition, time, data, metadata, prevStreamHash}`, hex encoded.
 * `prevStreamHash` is the hash of the event before it in its stream (`null` for position 0), so each
 * event's hash commits to the whole stream before it. `globalPosition` and `checkpoint` are not covered:
 * they are assigned by the store at commit time (a sequence value, a transaction id), after the hash has
 * to be known; the global chain (globalChain.ts, sealer.ts) binds the global order instead.
 */
export const CHAIN_VERSION = 1;

/** A SHA-256 as 64 lowercase hex digits. */
export type Sha256Hex = string;

const HEX64 = /^[0-9a-f]{64}$/;
export const isSha256Hex = (value: unknown): value is Sha256Hex =>
  typeof value === 'string' && HEX64.test(value);

/** The fields an event's hash covers. */
export interface HashedEventFields {
  id: string;
  type: string;
  streamId: string;
  streamPosition: number;
  time: string;
  data: unknown;
  metadata: unknown;
  prevStreamHash: Sha256Hex | null;
}

/** An event with the hash it was stored with (an empty string when it has none). */
export interface HashedEvent extends HashedEventFields {
  hash: string;
}

/** SHA-256 of a text's UTF-8 bytes (one-shot `crypto.hash`: no Hash object per call, about 2/3 of createHash's time). */
export const sha256Hex = (text: string): Sha256Hex => hash('sha256', text, 'hex');

/**
 * The canonical text of `{v, id, type, streamId, streamPosition, time, data, metadata, prevStreamHash}` put together
 * from the canonical texts of data and metadata: the members in RFC 8785 order (data, id, metadata, prevStreamHash,
 * streamId, streamPosition, time, type, v), the scalars as JSON.stringify writes them, as RFC 8785 does. One
 * serialisation of the payload, no parse: the cheap path of appends and verifiers (ADR 0015).
 */
export const canonicalEventTextOf = (
  e: Omit<HashedEventFields, 'data' | 'metadata'>,
  dataText: string,
  metadataText: string,
): string =>
  `{"data":${dataText},"id":${JSON.stringify(e.id)},"metadata":${metadataText},"prevStreamHash":${
    e.prevStreamHash === null ? 'null' : JSON.stringify(e.prevStreamHash)
  },"streamId":${JSON.stringify(e.streamId)},"streamPosition":${JSON.stringify(e.streamPosition)},"time":${JSON.stringify(
    e.time,
  )},"type":${JSON.stringify(e.type)},"v":${CHAIN_VERSION}}`;

/** The canonical text an event's hash is taken over (exported so verifiers in other languages can compare). */
export const canonicalEventText = (e: HashedEventFields): string =>
  canonicalEventTextOf(e, canonicalJson(e.data), canonicalJson(e.metadata));

/** The hash of one event, given the hash of its predecessor in the stream. */
export const eventHash = (e: HashedEventFields): Sha256Hex => sha256Hex(canonicalEventText(e));

/**
 * What an adapter has of an event about to be written: data and metadata as the text it stores, which is their
 * canonical text (`storedJson` of canonicalJson.ts), so the hash is taken over that text as it is.
 */
export interface EventToChain {
  id: string;
  type: string;
  time: string;
  dataJson: string;
  metadataJson: string;
}

/** The chain fields of one stored event. */
export interface StreamChainFields {
  prevStreamHash: Sha256Hex | null;
  hash: Sha256Hex;
}

/**
 * The chain fields of a batch appended to `streamId` at `firstPosition`, after the event whose hash is
 * `prevHash` (null for a new stream). The texts are canonical (`storedJson`), so the hash covers exactly what
 * readers will see, whatever the adapter's column types.
 */
export function chainBatch(
  streamId: string,
  firstPosition: number,
  prevHash: Sha256Hex | null,
  events: readonly EventToChain[],
): StreamChainFields[] {
  let prev = prevHash;
  return events.map((e, i) => {
    const text = canonicalEventTextOf(
      {
        id: e.id,
        type: e.type,
        streamId,
        streamPosition: firstPosition + i,
        time: e.time,
        prevStreamHash: prev,
      },
      e.dataJson,
      e.metadataJson,
    );
    const hash = sha256Hex(text);
    const fields = { prevStreamHash: prev, hash };
    prev = hash;
    return fields;
  });
}

/** The first event that fails a check: where, which, and why. */
export interface BadEvent {
  /** stream position for a stream check, global position for a whole-log check */
  position: number;
  eventId: string;
  streamId?: string;
  reason: string;
}

/** The answer of a verification. */
export interface VerifyResult {
  ok: boolean;
  /** events examined */
  events: number;
  firstBad?: BadEvent;
}

/** Why an event's content does not match its hash. */
export const CONTENT_ALTERED =
  'the content does not match its hash (id, type, time, data or metadata altered)';

/** What the order checks of a stream link read: an event without its payload. */
export type StreamLinkFields = Pick<HashedEvent, 'streamPosition' | 'prevStreamHash' | 'hash'>;

/**
 * Checks an event's place after its stream predecessor: contiguous position, a hash, and prevStreamHash naming
 * the predecessor's hash. Returns the reason it fails, or undefined. `previous` is undefined for a stream's first
 * event. The content check is separate (streamLinkProblem, or a verifier's own for stored text).
 */
export function streamOrderProblem(
  event: StreamLinkFields,
  previous: { streamPosition: number; hash: string | null } | undefined,
): string | undefined {
  const expectedPosition = previous === undefined ? 0 : previous.streamPosition + 1;
  if (event.streamPosition !== expectedPosition) {
    return event.streamPosition > expectedPosition
      ? `stream position ${event.streamPosition} follows ${expectedPosition - 1}: an event is missing (deleted) before it`
      : `stream position ${event.streamPosition} is out of order (expected ${expectedPosition})`;
  }
  if (!isSha256Hex(event.hash)) return 'the event carries no hash';
  const expectedPrev = previous === undefined ? null : previous.hash;
  if (event.prevStreamHash !== expectedPrev) {
    return previous === undefined
      ? 'the first event of the stream names a predecessor'
      : 'prevStreamHash does not match the hash of the event before it (deleted, reordered or altered)';
  }
  return undefined;
}

/**
 * Checks one event against its stream predecessor: contiguous position, prevStreamHash, and its own hash
 * recomputed. Returns the reason it fails, or undefined. `previous` is undefined for a stream's first event.
 */
export function streamLinkProblem(
  event: HashedEvent,
  previous: { streamPosition: number; hash: string | null } | undefined,
): string | undefined {
  return (
    streamOrderProblem(event, previous) ?? (eventHash(event) === event.hash ? undefined : CONTENT_ALTERED)
  );
}

/**
 * Verifies one stream's chain from its first event: positions 0..n-1, each prevStreamHash, each hash.
 * Names the first bad event by stream position.
 */
export function verifyStreamChain(events: readonly HashedEvent[]): VerifyResult {
  let previous: HashedEvent | undefined;
  for (const event of events) {
    const reason = streamLinkProblem(event, previous);
    if (reason !== undefined)
      return {
        ok: false,
        events: events.length,
        firstBad: { position: event.streamPosition, eventId: event.id, streamId: event.streamId, reason },
      };
    previous = event;
  }
  return { ok: true, events: events.length };
}
