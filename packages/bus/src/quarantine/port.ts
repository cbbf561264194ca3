import { describeError } from '../deadLetter';
import type { DeliveredMessage } from '../port';

/**
 * The `code` of an error that says a message can never be handled as it is (it cannot be decoded: not an envelope,
 * an unknown event type, a version newer than the code, a payload its schema refuses even after upcasting). A bus
 * quarantines such a message after ONE attempt and moves on; any other handler error is retried, then
 * dead-lettered. `@appeals/contracts`' UndecodableEventError carries this code.
 */
export const UNDECODABLE_CODE = 'MESSAGE.UNDECODABLE';

/** Whether a handler's error means the message can never be decoded (see UNDECODABLE_CODE). */
export const isUndecodable = (error: unknown): boolean =>
  typeof error === 'object' && error !== null && (error as { code?: unknown }).code === UNDECODABLE_CODE;

/** The Kafka topic quarantined messages go to (the cluster's record; the table adapters keep their own). */
export const QUARANTINE_TOPIC = 'appeals.quarantine.v1';

/** A message to set aside: where it was, what it was, and why it could not be decoded. */
export interface NewQuarantined extends Omit<DeliveredMessage, 'attempt'> {
  groupId: string;
  /** the decode error, one line */
  error: string;
}

/** A message set aside; `replayRequested` once an operator asked its group to deliver it again. */
export interface QuarantinedMessage extends NewQuarantined {
  /** the adapter's id: a decimal number, increasing in the order messages were quarantined */
  id: string;
  /** ISO 8601 */
  quarantinedAt: string;
  replayRequested: boolean;
}

export interface QuarantineListOptions {
  groupId?: string;
  /** entries with a greater id than this (paging) */
  after?: string;
  /** at most this many (default 100) */
  limit?: number;
}

/**
 * Where consumer groups set aside the messages they could never decode, and where an operator finds and replays
 * them (`pnpm quarantine`). One entry per group and message: quarantining the same delivery again updates its error
 * and clears a replay request, keeping its id.
 *
 * @example
 * const entry = await quarantine.add({ groupId: 'routing', topic, partition, offset, key, value, headers, error });
 * await quarantine.requestReplay(entry.id); // after shipping the missing upcaster
 * for (const m of await quarantine.replayable('routing')) await redeliver(m); // the group's consumer
 */
export interface Quarantine {
  add(entry: NewQuarantined): Promise<QuarantinedMessage>;
  /** entries in id order */
  list(options?: QuarantineListOptions): Promise<QuarantinedMessage[]>;
  get(id: string): Promise<QuarantinedMessage | undefined>;
  /** marks an entry for its group to deliver again; false when there is no such entry */
  requestReplay(id: string): Promise<boolean>;
  /** the group's entries marked for replay, in id order */
  replayable(groupId: string): Promise<QuarantinedMessage[]>;
  /** removes an entry (its replay was handled); false when there is no such entry */
  remove(id: string): Promise<boolean>;
}

/** The quarantine entry of a delivery that could not be decoded. */
export const toQuarantined = (
  groupId: string,
  message: DeliveredMessage,
  error: unknown,
): NewQuarantined => ({
  groupId,
  topic: message.topic,
  partition: message.partition,
  offset: message.offset,
  key: message.key,
  value: message.value,
  headers: { ...message.headers },
  error: describeError(error),
});

/**
 * The record of a quarantined delivery on the quarantine topic (Kafka): the original key, value and headers plus
 * `x-error`, `x-group-id`, `x-original-topic`, `x-original-partition` and `x-original-offset`.
 */
export const toQuarantineMessage = (groupId: string, message: DeliveredMessage, error: unknown) => ({
  topic: QUARANTINE_TOPIC,
  key: message.key,
  value: message.value,
  headers: {
    ...message.headers,
    'x-error': describeError(error),
    'x-group-id': groupId,
    'x-original-topic': message.topic,
    'x-original-partition': String(message.partition),
    'x-original-offset': String(message.offset),
  },
});

/** A replayed entry as its group's handler receives it again. */
export const redelivery = (entry: QuarantinedMessage, attempt = 1): DeliveredMessage => ({
  topic: entry.topic,
  partition: entry.partition,
  offset: entry.offset,
  key: entry.key,
  value: entry.value,
  headers: { ...entry.headers, 'x-quarantine-id': entry.id },
  attempt,
});

/** An entry's columns in the order the table adapters insert them: group, topic, partition, offset, key, value,
 * headers (JSON text), error. */
export const quarantineColumns = (e: NewQuarantined) =>
  [e.groupId, e.topic, e.partition, e.offset, e.key, e.value, JSON.stringify(e.headers), e.error] as const;

/** The default page size of `list`. */
export const DEFAULT_QUARANTINE_LIMIT = 100;
