import type { StreamChainFields } from '@appeals/chain';
import { AppendListeners } from './appendListeners';
import { appendWithSteps, prepareEvents, type AppendSteps } from './appendBatch';
import type {
  AppendListener,
  AppendResult,
  CheckpointStore,
  EventMetadata,
  EventStore,
  ReadAllOptions,
  ReadStreamOptions,
  StoredEvent,
} from './port';
import { validateAppend } from './appendRules';
import {
  checkpointOfGlobalPosition,
  normalizeReadAllOptions,
  normalizeReadStreamOptions,
} from './readOptions';

/** One stored event; data and metadata kept as JSON text so callers never share objects with the store. */
interface Row {
  id: string;
  type: string;
  dataJson: string;
  metadataJson: string;
  time: string;
  streamId: string;
  streamPosition: number;
  globalPosition: number;
  prevStreamHash: string | null;
  hash: string;
}

export interface InMemoryEventStoreOptions {
  /** clock for events appended without a time (default: the system clock) */
  now?: () => Date;
}

const toStoredEvent = (row: Row): StoredEvent => ({
  id: row.id,
  type: row.type,
  data: JSON.parse(row.dataJson) as unknown,
  metadata: JSON.parse(row.metadataJson) as EventMetadata,
  time: row.time,
  streamId: row.streamId,
  streamPosition: row.streamPosition,
  globalPosition: row.globalPosition,
  checkpoint: checkpointOfGlobalPosition(row.globalPosition),
  prevStreamHash: row.prevStreamHash,
  hash: row.hash,
});

/**
 * An EventStore held in process memory: for unit tests and the embedded mode's throwaway runs.
 * Appends are atomic because they never yield to the event loop.
 */
export function createInMemoryEventStore(options: InMemoryEventStoreOptions = {}): EventStore {
  const now = options.now ?? (() => new Date());
  const log: Row[] = [];
  const streams = new Map<string, Row[]>();
  const byId = new Map<string, Row>();
  const listeners = new AppendListeners();
  let closed = false;

  const assertOpen = () => {
    if (closed) throw new Error('The in-memory event store is closed');
  };

  const notify = (appended?: readonly StoredEvent[]) => listeners.notify(appended);

  const steps: AppendSteps = {
    storedWithIds: (ids) =>
      ids.flatMap((id) => {
        const row = byId.get(id);
        return row === undefined ? [] : [toStoredEvent(row)];
      }),
    head: (streamId) => streams.get(streamId)?.at(-1),
    insert(streamId, first, prepared, chained) {
      const rows: Row[] = prepared.map((e, i) => ({
        ...e,
        ...(chained[i] as StreamChainFields),
        streamId,
        streamPosition: first + i,
        globalPosition: log.length + 1 + i,
      }));
      const target = streams.get(streamId) ?? [];
      for (const row of rows) {
        log.push(row);
        target.push(row);
        byId.set(row.id, row);
      }
      streams.set(streamId, target);
      return rows.map(toStoredEvent);
    },
  };

  return {
    async append(streamId, events, { expectedVersion }): Promise<AppendResult> {
      assertOpen();
      validateAppend(streamId, events, expectedVersion);
      // Serialise everything first so a non-JSON value fails the append before anything is written.
      const prepared = prepareEvents(events, now);
      const { written, ...result } = appendWithSteps(streamId, prepared, expectedVersion, steps);
      if (written) notify(result.events);
      return result;
    },

    async readStream(streamId: string, readOptions?: ReadStreamOptions): Promise<StoredEvent[]> {
      assertOpen();
      const { fromPosition, maxCount } = normalizeReadStreamOptions(readOptions);
      const stream = streams.get(streamId) ?? [];
      return stream.slice(fromPosition, fromPosition + maxCount).map(toStoredEvent);
    },

    headPosition: async () => log.length,

    async readAll(readOptions?: ReadAllOptions): Promise<StoredEvent[]> {
      assertOpen();
      const { afterPosition, limit } = normalizeReadAllOptions(readOptions);
      // Global position p lives at index p - 1, so "after p" starts at index p.
      return log.slice(afterPosition, afterPosition + limit).map(toStoredEvent);
    },

    onAppended(listener: AppendListener): () => void {
      return listeners.add(listener);
    },

    async close(): Promise<void> {
      closed = true;
      listeners.clear();
    },
  };
}

/** A CheckpointStore in process memory, the companion of createInMemoryEventStore. */
export function createInMemoryCheckpointStore(): CheckpointStore {
  const checkpoints = new Map<string, string>();
  return {
    async load(subscriptionId) {
      return checkpoints.get(subscriptionId);
    },
    async save(subscriptionId, checkpoint) {
      checkpoints.set(subscriptionId, checkpoint);
    },
  };
}
