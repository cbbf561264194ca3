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
  handler: (message: DeliveredMessage) => Promise<void>;
  /** a new group starts at the beginning (default true) or only sees new messages */
  fromBeginning?: boolean;
  /** deliveries before a message goes to the dead-letter topic (default 5) */
  maxAttempts?: number;
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
