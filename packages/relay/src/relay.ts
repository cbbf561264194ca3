import type { Bus } from '@appeals/bus';
import { toEventMessage, topicForStream, type EventEnvelope } from '@appeals/contracts';
import {
  startSubscription,
  type CheckpointStore,
  type EventStore,
  type StoredEvent,
  type Subscription,
} from '@appeals/eventstore';

/** The wire envelope of a stored event. */
export const toEnvelope = (e: StoredEvent): EventEnvelope => ({
  id: e.id,
  type: e.type,
  stream: e.streamId,
  streamPosition: e.streamPosition,
  globalPosition: e.globalPosition,
  time: e.time,
  data: e.data,
  metadata: e.metadata as EventEnvelope['metadata'],
});

export interface RelayOptions {
  store: EventStore;
  checkpoints: CheckpointStore;
  bus: Bus;
  /** checkpoint name; one relay per name (default 'relay') */
  subscriptionId?: string;
  /** the topic of each event (default: appeal streams → appeals.events.v1, calendars → calendars.events.v1) */
  topicFor?: (event: StoredEvent) => string;
  onError?: (error: unknown) => void;
  /** events read, published (one produce request) and checkpointed together (default 500) */
  batchSize?: number;
}

/**
 * Publishes the event store's global log to the bus, in order, at-least-once, from a stored checkpoint: each page
 * read is one publish and one checkpoint save. It wakes on the store's append signal, never on a fixed sleep.
 * The checkpoint moves only after the bus accepted the messages, so a crash re-publishes, never skips.
 *
 * @example
 * const relay = startRelay({ store, checkpoints, bus });
 * await relay.caughtUp();
 */
export function startRelay(options: RelayOptions): Subscription {
  const topicFor = options.topicFor ?? ((e: StoredEvent) => topicForStream(e.streamId));
  return startSubscription({
    store: options.store,
    checkpoints: options.checkpoints,
    subscriptionId: options.subscriptionId ?? 'relay',
    batchSize: options.batchSize ?? 500,
    batchHandler: async (events) => {
      await options.bus.publish(events.map((event) => toEventMessage(toEnvelope(event), topicFor(event))));
    },
    ...(options.onError ? { onError: (e: unknown) => options.onError?.(e) } : {}),
  });
}
