import { KurrentDBClient } from '@kurrent/kurrentdb-client';
import {
  AppendListeners,
  normalizeReadStreamOptions,
  validateAppend,
  type CheckpointStore,
  type EventStore,
} from '@appeals/eventstore';
import { appendChained } from './append';
import { createCheckpointStore } from './checkpointStore';
import { createLiveAppendFeed } from './liveSubscription';
import { readAllEvents, readStreamEvents } from './reads';

export {
  TIME_METADATA_KEY,
  PREV_HASH_METADATA_KEY,
  HASH_METADATA_KEY,
  isHiddenEvent,
  encodeMetadata,
  decodeMetadata,
} from './metadata';
export { checkpointStream, CHECKPOINT_EVENT_TYPE } from './checkpointStore';

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
  let closed = false;

  const assertOpen = () => {
    if (closed) throw new Error('KurrentDB event store is closed');
  };

  const feed = createLiveAppendFeed({
    client,
    listeners,
    ownIds,
    isClosed: () => closed,
    onError: (error) => options.onError?.(error),
  });
  const appendContext = {
    client,
    now,
    ownIds,
    isSubscribed: () => feed.isActive(),
    notify: () => listeners.notify(),
  };

  const store: KurrentEventStore = {
    client,

    async append(streamId, events, { expectedVersion }) {
      assertOpen();
      validateAppend(streamId, events, expectedVersion);
      return appendChained(appendContext, streamId, events, expectedVersion);
    },

    async readStream(streamId, readOptions) {
      assertOpen();
      const { fromPosition, maxCount } = normalizeReadStreamOptions(readOptions);
      if (maxCount === 0) return [];
      return readStreamEvents(client, streamId, fromPosition, maxCount);
    },

    async readAll(readOptions) {
      assertOpen();
      return readAllEvents(client, readOptions);
    },

    onAppended(listener) {
      assertOpen();
      const remove = listeners.add(listener);
      feed.subscribe();
      return () => {
        remove();
        if (listeners.size === 0) void feed.unsubscribe();
      };
    },

    checkpoints: createCheckpointStore(client, assertOpen),

    async close() {
      if (closed) return;
      closed = true;
      listeners.clear();
      ownIds.clear();
      await feed.unsubscribe();
      if (ownsClient) await client.dispose();
    },
  };
  return store;
}
