import {
  BACKWARDS,
  END,
  FORWARDS,
  KurrentDBClient,
  START,
  excludeSystemEvents,
  jsonEvent,
  type AllStreamSubscription,
  type EventData,
  type JSONEventType,
  type Position,
  type RecordedEvent,
} from '@kurrent/kurrentdb-client';
import { chainBatch } from '@appeals/chain';
import {
  AppendListeners,
  assertExpectedVersion,
  detectIdempotentReplay,
  prepareEvents,
  normalizeReadStreamOptions,
  revisionAsNumber,
  validateAppend,
  isConcurrencyError,
  type AppendResult,
  type CheckpointStore,
  type EventMetadata,
  type EventStore,
  type StoredEvent,
  type StreamRevision,
} from '@appeals/eventstore';
import { decodeCheckpoint, encodeCheckpoint, globalPositionOf, comparePositions } from './checkpoint';
import { isStreamDeleted, isStreamNotFound, translateAppendError } from './errors';
import { toStreamState } from './expectedVersion';

/** Key inside KurrentDB event metadata that carries the port's `time`; stripped again on read. */
export const TIME_METADATA_KEY = '$time';
/** Keys inside KurrentDB event metadata that carry the stream chain (`prevStreamHash`, `hash`); stripped on read. */
export const PREV_HASH_METADATA_KEY = '$prevStreamHash';
export const HASH_METADATA_KEY = '$hash';
const RESERVED_METADATA_KEYS = [TIME_METADATA_KEY, PREV_HASH_METADATA_KEY, HASH_METADATA_KEY];
/** Stream holding one subscription's checkpoint (its last event; older ones are truncated by `$maxCount: 1`). */
export const checkpointStream = (subscriptionId: string): string => `appeals-checkpoint-${subscriptionId}`;
/** Event type of checkpoint records: `$`-prefixed, so readAll's system-event filter leaves them out. */
export const CHECKPOINT_EVENT_TYPE = '$appeals-checkpoint';

export interface KurrentEventStoreOptions {
  /** e.g. `kurrentdb://localhost:2113?tls=false`; ignored when `client` is given */
  connectionString?: string;
  /** a client of your own; `close()` leaves it open */
  client?: KurrentDBClient;
  /** the clock used when an event has no `time` */
  now?: () => Date;
  /** errors of the background `$all` subscription behind onAppended (it is restarted) */
  onError?: (error: unknown) => void;
}

export interface KurrentEventStore extends EventStore {
  client: KurrentDBClient;
  checkpoints: CheckpointStore;
}

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

const toStoredEvent = (recorded: RecordedEvent): StoredEvent => {
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

/**
 * The EventStore port on KurrentDB (EventStoreDB). Optimistic concurrency is the server's; idempotency follows
 * the shared rules (`detectIdempotentReplay`) within a stream; readAll reads `$all` without system events.
 *
 * @example
 * const store = createKurrentEventStore({ connectionString: 'kurrentdb://localhost:2113?tls=false' });
 * await store.append(appealStream(id), events, { expectedVersion: 'no_stream' });
 */
export function createKurrentEventStore(options: KurrentEventStoreOptions): KurrentEventStore {
  const ownsClient = options.client === undefined;
  if (options.client === undefined && !options.connectionString) {
    throw new TypeError('createKurrentEventStore: give a connectionString or a client');
  }
  const client = options.client ?? KurrentDBClient.connectionString(options.connectionString as string);
  const now = options.now ?? (() => new Date());
  const listeners = new AppendListeners();
  /** ids this process wrote, so the $all subscription does not notify them a second time */
  const ownIds = new Set<string>();
  let subscription: AllStreamSubscription | undefined;
  let closed = false;

  const assertOpen = () => {
    if (closed) throw new Error('KurrentDB event store is closed');
  };

  const notify = () => listeners.notify();

  /** Other processes' appends reach onAppended through a live `$all` subscription from the end of the log. */
  const subscribe = () => {
    if (subscription !== undefined || closed) return;
    const live = client.subscribeToAll({ fromPosition: END, filter: excludeSystemEvents() });
    subscription = live;
    live.on('data', (resolved) => {
      const event = resolved.event;
      if (event === undefined || isHiddenEvent(event)) return;
      if (ownIds.delete(event.id)) return;
      notify();
    });
    live.on('error', (error: unknown) => {
      options.onError?.(error);
      if (subscription === live) subscription = undefined;
      if (listeners.size > 0 && !closed) setTimeout(subscribe, 1000).unref();
    });
  };

  const unsubscribe = async () => {
    const live = subscription;
    subscription = undefined;
    await live?.unsubscribe().catch(() => undefined);
  };

  /** Every event of a stream, oldest first; [] when the stream does not exist (or was deleted). */
  const readWhole = async (streamId: string, fromRevision = 0, maxCount?: number): Promise<StoredEvent[]> => {
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
  const lastEvent = async (streamId: string): Promise<StoredEvent | undefined> => {
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

  /** The stream's revision (position of its last event) or 'no_stream'. */
  const currentRevision = async (streamId: string): Promise<StreamRevision> => {
    const last = await lastEvent(streamId);
    return last === undefined ? 'no_stream' : last.streamPosition;
  };

  const store: KurrentEventStore = {
    client,

    async append(streamId, events, { expectedVersion }): Promise<AppendResult> {
      assertOpen();
      validateAppend(streamId, events, expectedVersion);
      if (events.length === 0) {
        const revision = await currentRevision(streamId);
        assertExpectedVersion(streamId, expectedVersion, revision);
        return { nextExpectedVersion: revisionAsNumber(revision), idempotentReplay: false, events: [] };
      }
      for (const event of events) encodeMetadata(event.metadata, ''); // refuses reserved keys before anything is read
      // Any JSON value: the client writes JSON.stringify(data) and parses it back on read.
      const texts = prepareEvents(events, now);
      /**
       * The stream chain needs the predecessor's hash, so the append names the exact revision it read: a
       * concurrent append then fails on the server instead of forking the chain. The caller's expectation is
       * checked here; for 'any' and 'stream_exists' a lost race is retried with the new head.
       */
      const prepare = (last: StoredEvent | undefined) => {
        const revision: StreamRevision = last === undefined ? 'no_stream' : last.streamPosition;
        assertExpectedVersion(streamId, expectedVersion, revision);
        const chained = chainBatch(
          streamId,
          revision === 'no_stream' ? 0 : revision + 1,
          last?.hash ?? null,
          texts,
        );
        const data: EventData<JSONEventType>[] = texts.map((t, i) =>
          jsonEvent({
            id: t.id,
            type: t.type,
            data: JSON.parse(t.dataJson) as JSONEventType['data'],
            metadata: encodeMetadata(JSON.parse(t.metadataJson) as EventMetadata, t.time, chained[i]),
          }),
        );
        return { data, streamState: toStreamState(revision) };
      };

      // The shared replay rules, checked against this stream (KurrentDB has no index by event id across streams).
      const ids = new Set(events.map((e) => e.id));
      const stored = (await readWhole(streamId)).filter((e) => ids.has(e.id));
      const replay = detectIdempotentReplay(streamId, events, stored);
      if (replay !== undefined) {
        const last = replay[replay.length - 1] as StoredEvent;
        return { nextExpectedVersion: last.streamPosition, idempotentReplay: true, events: replay };
      }

      for (const event of events) ownIds.add(event.id);
      let nextRevision: bigint | undefined;
      const retries = expectedVersion === 'any' || expectedVersion === 'stream_exists' ? 10 : 0;
      for (let attempt = 0; nextRevision === undefined; attempt++) {
        try {
          const { data, streamState } = prepare(await lastEvent(streamId));
          const result = await client.appendToStream(streamId, data, { streamState });
          nextRevision = result.nextExpectedRevision;
        } catch (error) {
          const translated = translateAppendError(error, streamId, expectedVersion);
          if (isConcurrencyError(translated) && attempt < retries) continue;
          for (const event of events) ownIds.delete(event.id);
          throw translated;
        }
      }
      const first = Number(nextRevision) - events.length + 1;
      const written = await readWhole(streamId, first, events.length);
      const writtenIds = written.map((e) => e.id);
      if (writtenIds.join() !== events.map((e) => e.id).join()) {
        // KurrentDB answered a duplicate write at the same position with success (its own idempotency) and the
        // events sit elsewhere; the read above found none of them, so this is a race with a concurrent writer.
        for (const event of events) ownIds.delete(event.id);
        const found = (await readWhole(streamId)).filter((e) => ids.has(e.id));
        const again = detectIdempotentReplay(streamId, events, found);
        if (again === undefined)
          throw new Error(`KurrentDB: appended events of ${streamId} not found on read-back`);
        return {
          nextExpectedVersion: (again[again.length - 1] as StoredEvent).streamPosition,
          idempotentReplay: true,
          events: again,
        };
      }
      notify();
      // Forget own ids that the subscription may never deliver (no listener, or it was not running).
      if (subscription === undefined) for (const event of events) ownIds.delete(event.id);
      else setTimeout(() => events.forEach((event) => ownIds.delete(event.id)), 60_000).unref();
      return { nextExpectedVersion: Number(nextRevision), idempotentReplay: false, events: written };
    },

    async readStream(streamId, readOptions) {
      assertOpen();
      const { fromPosition, maxCount } = normalizeReadStreamOptions(readOptions);
      if (maxCount === 0) return [];
      return readWhole(streamId, fromPosition, maxCount);
    },

    async readAll(readOptions) {
      assertOpen();
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
    },

    onAppended(listener) {
      assertOpen();
      const remove = listeners.add(listener);
      subscribe();
      return () => {
        remove();
        if (listeners.size === 0) void unsubscribe();
      };
    },

    checkpoints: {
      async load(subscriptionId) {
        assertOpen();
        try {
          for await (const resolved of client.readStream(checkpointStream(subscriptionId), {
            direction: BACKWARDS,
            fromRevision: END,
            maxCount: 1,
          })) {
            const data = resolved.event?.data as { checkpoint?: unknown } | undefined;
            if (typeof data?.checkpoint === 'string') return data.checkpoint;
          }
        } catch (error) {
          if (isStreamNotFound(error) || isStreamDeleted(error)) return undefined;
          throw error;
        }
        return undefined;
      },
      async save(subscriptionId, checkpoint) {
        assertOpen();
        const stream = checkpointStream(subscriptionId);
        const result = await client.appendToStream(
          stream,
          jsonEvent({ type: CHECKPOINT_EVENT_TYPE, data: { checkpoint } }),
        );
        // First save: keep only the latest checkpoint (the server scavenges older ones).
        if (result.nextExpectedRevision === 0n) await client.setStreamMetadata(stream, { maxCount: 1 });
      },
    },

    async close() {
      if (closed) return;
      closed = true;
      listeners.clear();
      ownIds.clear();
      await unsubscribe();
      if (ownsClient) await client.dispose();
    },
  };
  return store;
}
