import type { Bus, Consumer, DeliveredMessage } from '@appeals/bus';
import { isAppealStream, Topics, fromEventMessage, toEventMessage, type EventMessage } from '@appeals/contracts';
import type { EventStore, StoredEvent } from '@appeals/eventstore';
import { toEnvelope } from '@appeals/relay';

/**
 * The agency an appeal is with after `events` (its stream, in order): the last `AppealRouted`, or the receiving body
 * of the last whole `AppealForwarded`. A part forward leaves the appeal where it is (the part is a linked appeal of
 * its own, routed to the receiving body); so does a complaint (a new appeal addressed to the higher body).
 * Undefined while the appeal waits for routing or triage.
 */
export function agencyOf(events: ReadonlyArray<Pick<StoredEvent, 'type' | 'data'>>): string | undefined {
  let agencyId: string | undefined;
  for (const event of events) {
    const data = event.data as { agencyId?: string; scope?: string; toAgencyId?: string };
    if (event.type === 'AppealRouted') agencyId = data.agencyId;
    else if (event.type === 'AppealForwarded' && data.scope === 'whole') agencyId = data.toAgencyId;
  }
  return agencyId;
}

/**
 * What one appeal event becomes on the agency topics, given the appeal's stream up to and including it:
 * - the appeal arrives at an agency (routed, or forwarded whole to it): its whole history so far, in order;
 * - it stays with the agency: the event;
 * - it leaves an agency (forwarded whole): the old agency gets this forward as its last message, nothing after.
 * The same input always yields the same messages (same event ids, key = appeal id), so a redelivery repeats
 * messages a consumer recognises by `ce_id`.
 */
export function agencyMessages(
  history: StoredEvent[],
  topicFor: (agencyId: string) => string = Topics.agency,
): EventMessage[] {
  const event = history.at(-1);
  if (!event) return [];
  const before = agencyOf(history.slice(0, -1));
  const after = agencyOf(history);
  const messages: EventMessage[] = [];
  if (before !== undefined && before !== after)
    messages.push(toEventMessage(toEnvelope(event), topicFor(before)));
  if (after === undefined) return messages;
  const sent = after === before ? [event] : history;
  for (const e of sent) messages.push(toEventMessage(toEnvelope(e), topicFor(after)));
  return messages;
}

export interface AgencyFeedOptions {
  store: EventStore;
  bus: Bus;
  /** consumer group (default 'agency-feed') */
  groupId?: string;
  /** the topic followed (default appeals.events.v1) */
  sourceTopic?: string;
  /** an agency's topic (default `Topics.agency`: appeals.agency.<agencyId>.v1) */
  topicFor?: (agencyId: string) => string;
}

/**
 * The agency messages of a batch of appeal-event messages, in order: each appeal's stream is read once, up to the
 * latest event of it in the batch, and each event gets {@link agencyMessages} of its history up to itself.
 * Throws when the store lacks a delivered event (at its stream position).
 */
export async function agencyMessagesOfBatch(
  store: EventStore,
  delivered: ReadonlyArray<Pick<DeliveredMessage, 'value'>>,
  topicFor: (agencyId: string) => string = Topics.agency,
): Promise<EventMessage[]> {
  const envelopes = delivered.map((m) => fromEventMessage(m)).filter((e) => isAppealStream(e.stream));
  const upTo = new Map<string, number>();
  for (const e of envelopes) upTo.set(e.stream, Math.max(upTo.get(e.stream) ?? -1, e.streamPosition));
  const streams = new Map(
    await Promise.all(
      [...upTo].map(async ([stream, last]) => {
        const events = await store.readStream(stream, { maxCount: last + 1 });
        return [stream, events] as const;
      }),
    ),
  );
  return envelopes.flatMap((envelope) => {
    const history = streams.get(envelope.stream)!.slice(0, envelope.streamPosition + 1);
    if (history.length !== envelope.streamPosition + 1 || history.at(-1)?.id !== envelope.id) {
      throw new Error(`${envelope.stream} has no event ${envelope.id} at position ${envelope.streamPosition}`);
    }
    return agencyMessages(history, topicFor);
  });
}

/**
 * Follows the appeal events and republishes each appeal's events to the topic of the agency it is with
 * (see {@link agencyMessages}). The appeal's history comes from the event store, read up to the delivered event's
 * stream position, so it holds no state of its own and a restart or a rebalance loses nothing. A batch at a time:
 * each appeal's stream is read once per batch and the batch's messages go out in one publish
 * ({@link agencyMessagesOfBatch}). At least once: the offsets are committed after the publish; key = appeal id
 * keeps one appeal's messages in order.
 */
export function startAgencyFeed(options: AgencyFeedOptions): Promise<Consumer> {
  const topicFor = options.topicFor ?? Topics.agency;
  return options.bus.subscribe({
    groupId: options.groupId ?? 'agency-feed',
    topics: [options.sourceTopic ?? Topics.appealEvents],
    batchHandler: async (delivered) => {
      const messages = await agencyMessagesOfBatch(options.store, delivered, topicFor);
      if (messages.length > 0) await options.bus.publish(messages);
    },
  });
}
