import {
  decodeNotificationEvent,
  notificationStream,
  parseNotificationEvent,
  stampVersion,
  type NotificationChannel,
  type NotificationEvent,
} from '@appeals/contracts';
import { nameBasedEventId, type EventStore } from '@appeals/eventstore';

/** What became of one notice on one channel so far, from the notification stream. */
export interface ChannelProgress {
  /** sent, or failed for good: nothing more to do */
  done: boolean;
  /** the tries that failed (the next try is this + 1) */
  failedTries: number;
}

/** The records of an appeal's notification stream (`notification-<appealId>`), validated. */
export async function readRecords(store: EventStore, appealId: string): Promise<NotificationEvent[]> {
  const events = await store.readStream(notificationStream(appealId));
  return events.map(decodeNotificationEvent);
}

/** Whether a notice about an appeal event went to nobody (erased applicant, no channel reaches them). */
export const wasSkipped = (records: readonly NotificationEvent[], sourceEventId: string): boolean =>
  records.some((r) => r.type === 'NotificationSkipped' && r.data.sourceEventId === sourceEventId);

/** What became of the notice about an appeal event on one channel. */
export function progressOf(
  records: readonly NotificationEvent[],
  sourceEventId: string,
  channel: NotificationChannel,
): ChannelProgress {
  let done = false;
  let failedTries = 0;
  for (const record of records) {
    if (record.type === 'NotificationSkipped' || record.data.sourceEventId !== sourceEventId) continue;
    if (record.data.channel !== channel) continue;
    if (record.type === 'NotificationSent') done = true;
    else {
      failedTries = Math.max(failedTries, record.data.attempt);
      if (record.data.final) done = true;
    }
  }
  return { done, failedTries };
}

/**
 * A UUID from the record's identity: the same record of the same try always has the same event id, so appending it
 * again after a redelivery is a no-op of the event store.
 */
export const recordId = (...identity: Array<string | number>): string => nameBasedEventId(...identity);

type Recordable = NotificationEvent;

/** What tells the records apart: the appeal event, the channel, the try and the outcome. */
const identityOf = (record: Recordable) =>
  record.type === 'NotificationSkipped'
    ? [record.type, record.data.sourceEventId]
    : [record.type, record.data.sourceEventId, record.data.channel, record.data.attempt];

/**
 * Appends a record to the appeal's notification stream, caused by the appeal event it answers. Any version: the
 * records of one appeal are written by the one consumer that holds its partition, and a repeat is a no-op.
 */
export async function appendRecord(
  store: EventStore,
  record: Recordable,
  cause: { correlationId?: string | undefined },
): Promise<void> {
  parseNotificationEvent(record.type, record.data);
  await store.append(
    notificationStream(record.data.appealId),
    [
      {
        id: recordId(...identityOf(record)),
        type: record.type,
        data: record.data,
        metadata: stampVersion(record.type, {
          actor: { id: 'notifications', role: 'system' },
          service: 'notifications',
          causationId: record.data.sourceEventId,
          ...(cause.correlationId ? { correlationId: cause.correlationId } : {}),
        }),
      },
    ],
    { expectedVersion: 'any' },
  );
}
