/** A message to publish. `key` decides the partition, so one appeal's messages stay in order. */
export interface OutgoingMessage {
  topic: string;
  key: string;
  /** JSON text of the payload */
  value: string;
  headers?: Record<string, string>;
}

/** A message as a consumer receives it. */
export interface DeliveredMessage {
  topic: string;
  partition: number;
  offset: number;
  key: string;
  value: string;
  headers: Record<string, string>;
  /** 1 on first delivery, 2+ on redelivery after a handler failure */
  attempt: number;
}

export interface SubscribeOptions {
  /** consumers sharing a group id split the partitions; each group sees every message */
  groupId: string;
  topics: string[];
  /** a new group starts at the beginning (default true) or only sees new messages */
  fromBeginning?: boolean;
  /** deliveries before a message goes to the dead-letter topic (default 5) */
  maxAttempts?: number;
  /** one message at a time (exactly one of handler / batchHandler) */
  handler?: (message: DeliveredMessage) => Promise<void>;
  /** consecutive messages of ONE partition in offset order; their offsets commit when it resolves. When it throws,
   * the same messages are redelivered one at a time (batches of one), so a poison message is retried and
   * dead-lettered alone after maxAttempts. */
  batchHandler?: (messages: DeliveredMessage[]) => Promise<void>;
}

export interface Consumer {
  /** stops fetching; resolves when in-flight handlers have finished (offsets committed) */
  stop(): Promise<void>;
}

/**
 * The bus port: Kafka's semantics (topics, keys, partitions, consumer groups, at-least-once).
 *
 * @example
 * await bus.publish([{ topic: 'appeals.events.v1', key: appealId, value: JSON.stringify(event) }]);
 * const consumer = await bus.subscribe({ groupId: 'routing', topics: ['appeals.events.v1'], handler: async (m) => route(m) });
 * await bus.subscribe({ groupId: 'projections', topics: ['appeals.events.v1'], batchHandler: async (ms) => project(ms) });
 */
export interface Bus {
  publish(messages: OutgoingMessage[]): Promise<void>;
  subscribe(options: SubscribeOptions): Promise<Consumer>;
  /** resolves when every consumer group has handled everything published so far (embedded/testing aid) */
  idle?(): Promise<void>;
  close(): Promise<void>;
}

/** Dead-letter topic for messages whose handler kept failing. */
export const DEAD_LETTER_TOPIC = 'appeals.dlq.v1';

/** A subscription's handler, either kind, as adapters call it. */
export interface SubscriptionHandlers {
  /** the batch handler; undefined for a one-message-at-a-time subscription */
  batch: ((messages: DeliveredMessage[]) => Promise<void>) | undefined;
  /** handles one message alone: the handler, or the batch handler with a batch of one */
  one: (message: DeliveredMessage) => Promise<void>;
}

/**
 * The handlers of a subscription; throws a TypeError unless exactly one of `handler` / `batchHandler` is a
 * function. Adapters call it when they subscribe.
 */
export function subscriptionHandlers(options: SubscribeOptions): SubscriptionHandlers {
  const { handler, batchHandler } = options;
  if ((typeof handler === 'function') === (typeof batchHandler === 'function')) {
    throw new TypeError('exactly one of handler / batchHandler must be a function');
  }
  if (batchHandler) return { batch: batchHandler, one: (message) => batchHandler([message]) };
  return { batch: undefined, one: handler! };
}
