import { chainBatch, storedJson, type EventToChain, type StreamChainFields } from '@appeals/chain';
import {
  assertExpectedVersion,
  detectIdempotentReplay,
  revisionAsNumber,
  type StreamRevision,
} from './appendRules';
import type { AppendResult, ExpectedVersion, NewEvent, StoredEvent } from './port';

/**
 * The append algorithm, written once for every adapter: idempotent replay detection, the expected-version check,
 * the stream chain of the batch, and the stored events of the answer. An adapter supplies three small steps that
 * run inside its transaction (or under its lock): read the stored events carrying the batch's ids, read the
 * stream's head, insert the rows. SQLite's steps are synchronous and the whole append stays synchronous inside
 * its better-sqlite3 transaction; PostgreSQL's return promises.
 */

/** An event ready to store: its data and metadata as the canonical JSON text every adapter stores and hashes. */
export type PreparedEvent = EventToChain;

/** Serialises one event, so a bad payload fails before anything is read or locked. */
export const prepareEvent = (e: NewEvent, now: () => Date): PreparedEvent => ({
  id: e.id,
  type: e.type,
  time: e.time ?? now().toISOString(),
  dataJson: storedJson(e.data),
  metadataJson: storedJson(e.metadata ?? {}),
});

/** The clock read once: every event of one append that names no time of its own gets the same one. */
export const onceClock = (now: () => Date): (() => Date) => {
  const at = now();
  return () => at;
};

/** Serialises a batch (see prepareEvent); an append happens at one moment, so its events share one time. */
export const prepareEvents = (events: readonly NewEvent[], now: () => Date): PreparedEvent[] => {
  const at = onceClock(now);
  return events.map((e) => prepareEvent(e, at));
};

/** A stream's last event as the append needs it: where it is and its hash (null when it has none). */
export interface StreamHead {
  streamPosition: number;
  hash: string | null;
}

/** The adapter's part of an append, synchronous. */
export interface AppendSteps {
  /** the stored events (of any stream) carrying any of these ids; called only for a non-empty batch */
  storedWithIds(ids: string[]): StoredEvent[];
  /** the stream's last event, undefined when the stream does not exist */
  head(streamId: string): StreamHead | undefined;
  /** stores the batch at positions first, first + 1, … with its chain fields; the stored events in stream order */
  insert(
    streamId: string,
    first: number,
    events: readonly PreparedEvent[],
    chained: readonly StreamChainFields[],
  ): StoredEvent[];
}

/** The adapter's part of an append, each step answering with a promise. */
export type AsyncAppendSteps = {
  [K in keyof AppendSteps]: (...args: Parameters<AppendSteps[K]>) => Promise<ReturnType<AppendSteps[K]>>;
};

/** The port's answer, and whether anything was written (commit and notify) or not (a replay, an empty batch). */
export interface AppendOutcome extends AppendResult {
  written: boolean;
}

type Maybe<T> = T | Promise<T>;
type MaybeSteps = {
  [K in keyof AppendSteps]: (...args: Parameters<AppendSteps[K]>) => Maybe<ReturnType<AppendSteps[K]>>;
};

/** Continues with a value now, or once its promise settles: one algorithm for synchronous and async steps. */
const then = <T, U>(value: Maybe<T>, next: (value: T) => Maybe<U>): Maybe<U> =>
  value instanceof Promise ? value.then(next) : next(value as T);

const NOTHING_STORED: StoredEvent[] = [];

function runAppend(
  streamId: string,
  events: readonly PreparedEvent[],
  expectedVersion: ExpectedVersion,
  steps: MaybeSteps,
): Maybe<AppendOutcome> {
  const stored = events.length === 0 ? NOTHING_STORED : steps.storedWithIds(events.map((e) => e.id));
  return then(stored, (already) => {
    const replayed = detectIdempotentReplay(streamId, events, already);
    if (replayed !== undefined) {
      const last = replayed[replayed.length - 1] as StoredEvent;
      return {
        nextExpectedVersion: last.streamPosition,
        idempotentReplay: true,
        events: replayed,
        written: false,
      };
    }
    return then(steps.head(streamId), (head) => {
      const revision: StreamRevision = head === undefined ? 'no_stream' : head.streamPosition;
      assertExpectedVersion(streamId, expectedVersion, revision);
      if (events.length === 0)
        return {
          nextExpectedVersion: revisionAsNumber(revision),
          idempotentReplay: false,
          events: [],
          written: false,
        };
      const first = revision === 'no_stream' ? 0 : revision + 1;
      // under the adapter's lock or transaction: the predecessor cannot change until this commits
      const chained = chainBatch(streamId, first, head?.hash ?? null, events);
      return then(steps.insert(streamId, first, events, chained), (written) => ({
        nextExpectedVersion: first + events.length - 1,
        idempotentReplay: false,
        events: written,
        written: true,
      }));
    });
  });
}

/** The append algorithm on synchronous steps (SQLite inside its transaction, the in-memory store). */
export const appendWithSteps = (
  streamId: string,
  events: readonly PreparedEvent[],
  expectedVersion: ExpectedVersion,
  steps: AppendSteps,
): AppendOutcome => runAppend(streamId, events, expectedVersion, steps) as AppendOutcome;

/** The append algorithm on asynchronous steps (PostgreSQL inside its transaction). */
export const appendWithAsyncSteps = async (
  streamId: string,
  events: readonly PreparedEvent[],
  expectedVersion: ExpectedVersion,
  steps: AsyncAppendSteps,
): Promise<AppendOutcome> => runAppend(streamId, events, expectedVersion, steps);
