import { backoffSchedule, checkSubscription, positiveInteger, validateMessage } from './checks';
import { kick } from './inProcess/delivery';
import { join, stopMember } from './inProcess/groups';
import { allLanes, append, idle, settle, type BusLogger, type BusState, type Lane } from './inProcess/state';
import type { Bus } from './port';
import { createInMemoryQuarantine } from './quarantine/memory';
import type { Quarantine } from './quarantine/port';

// The bus composes its parts: the state (inProcess/state.ts), delivery along each lane (inProcess/delivery.ts)
// and the consumer groups (inProcess/groups.ts).

export type { BusLogger } from './inProcess/state';

export interface InProcessBusOptions {
  /** partitions of every topic, fixed when the topic is first used (default 12) */
  partitions?: number;
  /** wait before redelivery after the n-th failure; the last value repeats (default [50, 200, 1000]) */
  retryBackoffMs?: number[];
  /** receives handler failures (warn) and dead-lettered messages (error); silent by default */
  logger?: BusLogger;
  /** the most messages a batch handler gets at once (default 500) */
  maxBatchSize?: number;
  /** where a message whose handler says it can never be decoded goes after one attempt (default: in memory) */
  quarantine?: Quarantine;
}

const DEFAULT_MAX_ATTEMPTS = 5;

/**
 * An in-process bus with Kafka's semantics: keyed partitions (murmur2, like Kafka's default
 * partitioner), offsets, consumer groups that split partitions, commit after the handler,
 * retries with backoff, a dead-letter topic, and a quarantine for messages that can never be decoded (one attempt,
 * then set aside: see `isUndecodable`). Nothing is persisted unless the quarantine does.
 *
 * @example
 * const bus = createInProcessBus({ retryBackoffMs: [10] });
 * await bus.subscribe({ groupId: 'audit', topics: ['appeals.events.v1'], handler: async (m) => audit(m) });
 * await bus.publish([{ topic: 'appeals.events.v1', key: appealId, value: JSON.stringify(event) }]);
 * await bus.idle();
 */
export function createInProcessBus(options: InProcessBusOptions = {}): Bus {
  const state = initialState(options);
  const assertOpen = (): void => {
    if (state.closing) throw new Error('The bus is closed');
  };
  return {
    async publish(messages) {
      assertOpen();
      for (const message of messages) validateMessage(message);
      const touched = new Set<Lane>();
      for (const message of messages) append(state, message).forEach((lane) => touched.add(lane));
      for (const lane of touched) kick(state, lane);
    },

    async subscribe(subscription) {
      assertOpen();
      return join(state, checkSubscription(subscription, DEFAULT_MAX_ATTEMPTS));
    },

    idle: () => idle(state),

    async close() {
      if (!state.closing) {
        state.closing = true;
        for (const lane of allLanes(state)) {
          lane.owner = null;
          if (lane.retryTimer) clearTimeout(lane.retryTimer);
          lane.retryTimer = null;
        }
      }
      await Promise.all([...state.members].map((member) => stopMember(state, member)));
      settle(state);
    },
  };
}

function initialState(options: InProcessBusOptions): BusState {
  const partitionCount = options.partitions ?? 12;
  positiveInteger('partitions', partitionCount);
  const maxBatchSize = options.maxBatchSize ?? 500;
  positiveInteger('maxBatchSize', maxBatchSize);
  return {
    partitionCount,
    maxBatchSize,
    backoffAfter: backoffSchedule('retryBackoffMs', options.retryBackoffMs ?? [50, 200, 1000]),
    logger: options.logger,
    topics: new Map(),
    groups: new Map(),
    members: new Set(),
    idleWaiters: [],
    closing: false,
    quarantine: options.quarantine ?? createInMemoryQuarantine(),
  };
}
