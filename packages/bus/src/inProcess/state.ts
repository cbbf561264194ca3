import { validateTopic } from '../checks';
import { partitionFor } from '../partitioner';
import type { OutgoingMessage, SubscriptionHandlers } from '../port';
import type { Quarantine } from '../quarantine/port';

// The in-process bus's state: topics (one log per partition), consumer groups, their members and lanes, and the
// waiters of idle(). delivery.ts moves the lanes on, groups.ts joins and leaves members.

/** The few pino-compatible log methods the bus uses. */
export interface BusLogger {
  warn(details: Record<string, unknown>, message: string): void;
  error(details: Record<string, unknown>, message: string): void;
}

interface LogRecord {
  key: string;
  value: string;
  headers: Record<string, string>;
}

export interface Topic {
  name: string;
  /** one append-only log per partition; a record's offset is its index */
  logs: LogRecord[][];
  /** per partition, the lane of every group subscribed to this topic */
  lanes: Lane[][];
}

export interface Member {
  group: Group;
  topics: string[];
  handlers: SubscriptionHandlers;
  maxAttempts: number;
  inFlight: Set<Promise<unknown>>;
  stopped: Promise<void> | null;
}

export interface Group {
  id: string;
  /** live members in join order */
  members: Member[];
  /** per topic, the group's lane of each partition */
  lanes: Map<string, Lane[]>;
}

/** One consumer group's cursor on one partition: delivers one message at a time, in order. */
export interface Lane {
  group: Group;
  topic: Topic;
  partition: number;
  /** committed offset: the next message to deliver */
  committed: number;
  /** failed deliveries of the message at `committed` (a failed batch counts for each of its messages) */
  failures: number;
  /** offsets below this belonged to a failed batch: they are delivered one at a time */
  singlesUntil: number;
  owner: Member | null;
  /** a delivery is scheduled or its handler is running */
  running: boolean;
  retryTimer: ReturnType<typeof setTimeout> | null;
}

export interface BusState {
  partitionCount: number;
  maxBatchSize: number;
  backoffAfter: (failures: number) => number;
  logger: BusLogger | undefined;
  topics: Map<string, Topic>;
  groups: Map<string, Group>;
  /** live and stopping members (a stopping one leaves once its handlers finished) */
  members: Set<Member>;
  idleWaiters: Array<() => void>;
  /** set by close(): nothing is delivered any more */
  closing: boolean;
  /** where messages that can never be decoded are set aside */
  quarantine: Quarantine;
}

/** The topic of that name, made with the bus's partition count on first use. */
export function topicNamed(state: BusState, name: string): Topic {
  let topic = state.topics.get(name);
  if (!topic) {
    validateTopic(name);
    topic = {
      name,
      logs: Array.from({ length: state.partitionCount }, () => []),
      lanes: Array.from({ length: state.partitionCount }, () => []),
    };
    state.topics.set(name, topic);
  }
  return topic;
}

/** Appends the message to its key's partition; returns the lanes that read that partition. */
export function append(state: BusState, message: OutgoingMessage): Lane[] {
  const topic = topicNamed(state, message.topic);
  const partition = partitionFor(message.key, state.partitionCount);
  topic.logs[partition]!.push({ key: message.key, value: message.value, headers: { ...message.headers } });
  return topic.lanes[partition]!;
}

/** The offset after the last message of the lane's partition. */
export const logEnd = (lane: Lane): number => lane.topic.logs[lane.partition]!.length;

/** Every lane of every group. */
export function* allLanes(state: BusState): Iterable<Lane> {
  for (const group of state.groups.values()) for (const lanes of group.lanes.values()) yield* lanes;
}

function isIdle(state: BusState): boolean {
  for (const lane of allLanes(state)) {
    if (lane.running) return false;
    if (lane.owner && (lane.retryTimer || lane.committed < logEnd(lane))) return false;
  }
  return true;
}

/** Resolves the idle() waiters once nothing is left to deliver (or the bus closes). */
export function settle(state: BusState): void {
  if (state.idleWaiters.length === 0 || !(state.closing || isIdle(state))) return;
  const waiters = state.idleWaiters;
  state.idleWaiters = [];
  waiters.forEach((resolve) => resolve());
}

/** Resolves once nothing is left to deliver (or at once on a closing bus). */
export function idle(state: BusState): Promise<void> {
  if (state.closing || isIdle(state)) return Promise.resolve();
  return new Promise<void>((resolve) => state.idleWaiters.push(resolve));
}
