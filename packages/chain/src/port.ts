import type { HashedEvent, Sha256Hex } from './streamChain';

/**
 * The ports of the tamper-evident history, declared here so this package needs no event store package: the log it
 * reads (any EventStore satisfies `ChainLog` as it is) and the `ChainStore` it writes (each adapter implements it
 * next to its events). See docs/adr/0011.
 */

/** An event as the log hands it out: the hashed fields, its hash, and where it sits in the global log. */
export interface ChainEvent extends HashedEvent {
  /** 1-based position in the global log */
  globalPosition: number;
  /** opaque readAll cursor, where the sealer resumes */
  checkpoint: string;
}

/**
 * An event as stored, for verifiers: its chain fields with data and metadata as the text the store keeps (the
 * canonical text appends write, `storedJson`), not parsed.
 */
export interface ChainRecord extends Omit<ChainEvent, 'data' | 'metadata'> {
  dataJson: string;
  metadataJson: string;
}

/**
 * An event as a whole-log check reads it from a store that puts the event's canonical text together itself, from the
 * stored texts (`canonicalEventTextOf`'s text, built in the store's query): the fields the chains link, and the text
 * whose SHA-256 is `hash` when the event is sound. Where it is not, the verifier reads the page again as records and
 * judges it as it always has (ADR 0015, docs/adr/0034-store-built-canonical-text.md).
 */
export interface ChainTextRecord extends Omit<ChainRecord, 'type' | 'time' | 'dataJson' | 'metadataJson'> {
  canonicalText: string;
}

/** readRecords' options: the events strictly after `after` (from the start when absent), at most `limit`. */
export interface ReadRecordsOptions {
  after?: string | undefined;
  limit?: number;
}

/** What the sealer and the verifiers read from the log. */
export interface ChainLog {
  /** one stream's events, in stream order (from `fromPosition`, at most `maxCount`, where the store can) */
  readStream(streamId: string, options?: { fromPosition?: number; maxCount?: number }): Promise<ChainEvent[]>;
  /** events strictly after `after` (from the start when absent), in the log's order */
  readAll(options: { after?: string | undefined; limit?: number }): Promise<ChainEvent[]>;
  /**
   * readAll's events as stored (ChainRecord), for a store that keeps event data as text: a verifier then hashes the
   * stored text without parsing it. Optional; verifiers use readAll without it.
   */
  readRecords?(options: ReadRecordsOptions): Promise<ChainRecord[]>;
  /**
   * readRecords' events with their canonical text put together by the store (ChainTextRecord), for the whole-log
   * check: it then hashes one text per event and builds no record fields it does not link. Optional.
   */
  readChainTexts?(options: ReadRecordsOptions): Promise<ChainTextRecord[]>;
  /** a wake-up after each committed append; returns an unsubscribe function */
  onAppended(listener: () => void): () => void;
  /**
   * How a worker thread can open this same log itself, read-only (a store in a file: SQLite); verifyLog then
   * checks ranges of a large log on other cores. Absent where a worker cannot (in memory, a server's connection).
   */
  readonly workerSource?: ChainLogSource | undefined;
}

/**
 * A log a worker thread opens itself: `module` (an absolute path) exports `openChainLog(options)`, which answers
 * `{ store: ChainLog, chain: ChainStore, close(): Promise<void> }` on a read-only connection of its own.
 */
export interface ChainLogSource {
  module: string;
  /** plain data (structured-cloneable) */
  options: unknown;
}

/** What a ChainLogSource's module opens in a worker: the log's records (a range reads nothing else) and chain. */
export interface OpenedChainLog {
  readRecords: NonNullable<ChainLog['readRecords']>;
  readChainTexts?: ChainLog['readChainTexts'];
  chain: ChainStore;
  close(): Promise<void>;
}

/**
 * The global chain: a link per event in the order the log hands events out (readAll), each hashing the link
 * before it (globalChain.ts). Links are written by a sealer that follows the log (sealer.ts), not by appends.
 */
export interface ChainLink {
  /** 1-based place in the global chain (readAll order) */
  seq: number;
  eventId: string;
  streamId: string;
  globalPosition: number;
  /** the event's own hash (its `hash` field when sealed) */
  eventHash: Sha256Hex;
  /** SHA-256 over {v, seq, eventId, globalPosition, eventHash, prev}, prev the link before (null for seq 1) */
  chainHash: Sha256Hex;
  /** the event's readAll checkpoint, where the sealer resumes (not hashed: a storage cursor) */
  checkpoint: string;
}

/**
 * A link as a whole-log check reads it from a store that puts the start of its canonical text together itself:
 * `textHead` is canonicalLinkText's text up to the predecessor's hash (`{"eventHash":…,"prev":`), built in the
 * store's query; the check completes and hashes it, and where that does not match, hashes the link as it always has.
 */
export interface ChainLinkText extends Omit<ChainLink, 'checkpoint'> {
  textHead?: string;
}

/** A signature over the chain's head at `seq`. */
export interface SignedCheckpoint {
  seq: number;
  chainHash: Sha256Hex;
  /** when it was signed (ISO 8601) */
  signedAt: string;
  /** which key signed: the first 16 hex digits of SHA-256 of its SPKI DER */
  keyId: string;
  /** Ed25519 signature (base64) over canonicalCheckpointText */
  signature: string;
}

/** Where the global chain is kept: next to the events (SQLite file, PostgreSQL schema) or in memory. */
export interface ChainStore {
  /** the last link, undefined for an empty chain */
  head(): Promise<ChainLink | undefined>;
  /**
   * Appends links (seq = head.seq + 1 …) and, optionally, a checkpoint, atomically. Throws ChainConflictError
   * when another sealer extended the chain first (its links took these seqs); nothing is written then.
   */
  extend(links: readonly ChainLink[], checkpoint?: SignedCheckpoint): Promise<void>;
  /** links with seq > afterSeq, in seq order */
  links(options: { afterSeq: number; limit: number }): Promise<ChainLink[]>;
  /** links() for the whole-log check: the links with the head of their canonical text (ChainLinkText). Optional. */
  linkTexts?(options: { afterSeq: number; limit: number }): Promise<ChainLinkText[]>;
  /** every link of one stream, in seq order */
  linksOfStream(streamId: string): Promise<ChainLink[]>;
  /** every checkpoint, in seq order */
  checkpoints(): Promise<SignedCheckpoint[]>;
  /** the checkpoint with the highest seq */
  lastCheckpoint(): Promise<SignedCheckpoint | undefined>;
}

/** Another sealer extended the chain first; re-read the head and try again. */
export class ChainConflictError extends Error {
  readonly code = 'CHAIN.CONFLICT';
  constructor(seq: number, detail?: string) {
    super(`Global chain: link ${seq} was written by another sealer${detail ? ` (${detail})` : ''}`);
    this.name = 'ChainConflictError';
  }
}
export const isChainConflictError = (e: unknown): e is ChainConflictError =>
  typeof e === 'object' && e !== null && (e as { code?: unknown }).code === 'CHAIN.CONFLICT';
