/** Optimistic-concurrency expectation for an append. */
export type ExpectedVersion =
  /** the stream must not exist yet */
  | 'no_stream'
  /** append whatever the stream's version */
  | 'any'
  /** the stream must exist */
  | 'stream_exists'
  /** the stream's last event must be at exactly this revision (0-based) */
  | number;

/** Metadata every event carries; mirrors the envelope in @appeals/contracts. */
export interface EventMetadata {
  actor?: { id: string; role: string; agencyId?: string | undefined } | undefined;
  causationId?: string | undefined;
  correlationId?: string | undefined;
  traceparent?: string | undefined;
  service?: string | undefined;
  [key: string]: unknown;
}

/** An event about to be appended. `id` is a UUID chosen by the writer; re-appending the same id is a no-op. */
export interface NewEvent {
  id: string;
  type: string;
  data: unknown;
  metadata?: EventMetadata;
  /** business time of the event (ISO 8601); defaults to the store's clock */
  time?: string;
}

/** An event as stored. */
export interface StoredEvent {
  id: string;
  type: string;
  data: unknown;
  metadata: EventMetadata;
  time: string;
  streamId: string;
  /** 0-based position within its stream */
  streamPosition: number;
  /** 1-based position in the global log, increasing in commit order */
  globalPosition: number;
  /** opaque cursor for readAll({ after }); adapters may encode more than the position */
  checkpoint: string;
  /** hash of the event before this one in its stream, null at position 0 (tamper-evident history, @appeals/chain) */
  prevStreamHash: string | null;
  /** SHA-256 (hex) of this event's canonical encoding, prevStreamHash included (`eventHash` of @appeals/chain) */
  hash: string;
}

export interface AppendResult {
  /** revision of the stream's last event after the append (pass as expected version next time) */
  nextExpectedVersion: number;
  /** true when every event id was already stored and nothing was written */
  idempotentReplay: boolean;
  events: StoredEvent[];
}

export interface ReadStreamOptions {
  fromPosition?: number;
  maxCount?: number;
}

export interface ReadAllOptions {
  /** read events strictly after this checkpoint; from the start when absent */
  after?: string | undefined;
  limit?: number;
}

/** Told after a committed append: the events when this store object wrote them, nothing when it only saw the log grow. */
export type AppendListener = (appended?: readonly StoredEvent[]) => void;

/** A module a worker thread loads to open a store itself, and its options (plain, structured-cloneable data). */
export interface WorkerSource {
  module: string;
  options: unknown;
}

/**
 * The event store port: the source of truth for every appeal.
 *
 * @example
 * const { nextExpectedVersion } = await store.append('appeal-1', [{ id: randomUUID(), type: 'AppealSubmitted', data }], { expectedVersion: 'no_stream' });
 * const history = await store.readStream('appeal-1');
 * const page = await store.readAll({ after: checkpoint, limit: 500 });
 */
export interface EventStore {
  append(
    streamId: string,
    events: NewEvent[],
    options: { expectedVersion: ExpectedVersion },
  ): Promise<AppendResult>;
  readStream(streamId: string, options?: ReadStreamOptions): Promise<StoredEvent[]>;
  readAll(options?: ReadAllOptions): Promise<StoredEvent[]>;
  /**
   * The global position of the log's last event (0 when empty), answered without reading the log: the number of
   * events when positions are dense, an upper bound when the adapter's positions can skip (a rolled-back append).
   * Optional: an adapter whose positions are no count leaves it out (a rebuild's progress then has no total).
   */
  headPosition?(): Promise<number>;
  /**
   * How a worker thread opens this same log itself, read-only (a store in a file: SQLite): `module` (an absolute
   * path) exports `openChainLog(options)` (@appeals/chain's ChainLogSource). A rebuild folds shares of the log on
   * such threads, a verifier checks ranges on them. Absent where a thread cannot (in memory, a server's connection).
   */
  readonly workerSource?: WorkerSource | undefined;
  /**
   * Registers a listener called after each committed append; returns an unsubscribe function. An adapter that
   * appended the events itself passes them (as `append` answered them, in global order) so an in-process reader
   * need not read them back; without them (another process's append, say) the listener only learns that the log grew.
   */
  onAppended(listener: AppendListener): () => void;
  close(): Promise<void>;
}

/**
 * Stores subscription checkpoints next to the events they point into.
 *
 * @example
 * await checkpoints.save('relay', event.checkpoint);
 * const from = await checkpoints.load('relay');
 */
export interface CheckpointStore {
  load(subscriptionId: string): Promise<string | undefined>;
  save(subscriptionId: string, checkpoint: string): Promise<void>;
}

/** Thrown when the expected version does not match the stream. */
export class ConcurrencyError extends Error {
  readonly code = 'EVENTSTORE.CONCURRENCY';
  constructor(
    readonly streamId: string,
    readonly expected: ExpectedVersion,
    readonly actual: number | 'no_stream',
  ) {
    super(`Stream ${streamId}: expected version ${String(expected)}, actual ${String(actual)}`);
    this.name = 'ConcurrencyError';
  }
}

/** Guard usable across adapters (they may throw their own subclasses). */
export const isConcurrencyError = (e: unknown): e is ConcurrencyError =>
  typeof e === 'object' && e !== null && (e as { code?: unknown }).code === 'EVENTSTORE.CONCURRENCY';
